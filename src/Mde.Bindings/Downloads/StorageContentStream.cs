using System.Globalization;
using Mde.Bindings.IO;

namespace Mde.Bindings.Downloads;

/// <summary>
/// The body of a storage response as a download reads it: counts what arrives, checks it against
/// <c>Content-Length</c>, abandons a read that waits too long, lets the first bytes be inspected without
/// consuming them, and turns a broken transfer into a <see cref="DownloadFailedException"/> that names the
/// content and the redacted link.
/// </summary>
internal sealed class StorageContentStream : ForwardReadStream
{
    private readonly Stream _inner;
    private readonly long? _expectedLength;
    private readonly string _contentName;
    private readonly string _redactedLink;
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationToken _callToken;
    private readonly CancellationTokenSource? _idle;
    private readonly CancellationTokenRegistration _callRegistration;
    private byte[]? _lookahead;
    private int _lookaheadStart;
    private int _lookaheadEnd;
    private long _received;

    public StorageContentStream(Stream inner, long? expectedLength, string contentName, string redactedLink, TimeSpan idleTimeout, TimeProvider timeProvider, CancellationToken callToken)
    {
        _inner = inner;
        _expectedLength = expectedLength;
        _contentName = contentName;
        _redactedLink = redactedLink;
        _idleTimeout = idleTimeout;
        _callToken = callToken;
        if (idleTimeout != Timeout.InfiniteTimeSpan)
        {
            // One source for the whole body, re-armed per read: a timer per read would cost an allocation each.
            _idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
            _callRegistration = callToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _idle);
        }
    }

    /// <summary>Bytes received from the storage so far (before any decompression).</summary>
    public long BytesReceived => _received;

    /// <summary>Whether the content starts with <paramref name="signature"/>; the bytes looked at are still read afterwards.</summary>
    public async ValueTask<bool> StartsWithAsync(ReadOnlyMemory<byte> signature, CancellationToken cancellationToken)
    {
        _lookahead = new byte[signature.Length];
        while (_lookaheadEnd < _lookahead.Length)
        {
            int read = await ReadInnerAsync(_lookahead.AsMemory(_lookaheadEnd), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            _lookaheadEnd += read;
        }

        return _lookaheadEnd == signature.Length && signature.Span.SequenceEqual(_lookahead);
    }

    /// <summary>Reads whatever the consumer left, so that a short body is detected even when the consumer stopped early.</summary>
    public async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        byte[] scratch = new byte[4096];
        while (await ReadAsync(scratch, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_lookaheadStart < _lookaheadEnd)
        {
            return TakeLookahead(buffer.Span);
        }

        return await ReadInnerAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_lookaheadStart < _lookaheadEnd)
        {
            return TakeLookahead(buffer);
        }

        int read;
        try
        {
            read = _inner.Read(buffer);
        }
        catch (Exception ex) when (IsTransferFailure(ex))
        {
            throw CutOff(ex);
        }

        return Account(read);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _callRegistration.Dispose();
            _idle?.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int TakeLookahead(Span<byte> destination)
    {
        int count = Math.Min(destination.Length, _lookaheadEnd - _lookaheadStart);
        _lookahead.AsSpan(_lookaheadStart, count).CopyTo(destination);
        _lookaheadStart += count;
        return count;
    }

    private async ValueTask<int> ReadInnerAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int read;
        try
        {
            if (_idle is null)
            {
                read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _idle.CancelAfter(_idleTimeout);
                read = await _inner.ReadAsync(buffer, _idle.Token).ConfigureAwait(false);
                _idle.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }
        catch (OperationCanceledException ex) when (!_callToken.IsCancellationRequested && !cancellationToken.IsCancellationRequested && _idle is { IsCancellationRequested: true })
        {
            throw new DownloadFailedException(
                string.Create(CultureInfo.InvariantCulture, $"The download of the {_contentName} content from {_redactedLink} stalled: no data arrived for {_idleTimeout.TotalSeconds:0.###} s after {_received} bytes (LinkDownloaderOptions.ReadIdleTimeout). Retry the download; a slow storage link may need a longer timeout."),
                _redactedLink,
                innerException: ex);
        }
        catch (OperationCanceledException) when (_callToken.IsCancellationRequested)
        {
            _callToken.ThrowIfCancellationRequested();
            throw;
        }
        catch (Exception ex) when (IsTransferFailure(ex))
        {
            throw CutOff(ex);
        }

        return Account(read);
    }

    private int Account(int read)
    {
        if (read == 0)
        {
            if (_expectedLength is { } expected && _received < expected)
            {
                throw new DownloadFailedException(
                    string.Create(CultureInfo.InvariantCulture, $"The download of the {_contentName} content from {_redactedLink} was cut off: {_received} of {expected} bytes arrived. Retry the download; the link is re-requested when it has expired."),
                    _redactedLink);
            }

            return 0;
        }

        _received += read;
        if (_expectedLength is { } limit && _received > limit)
        {
            throw new DownloadFailedException(
                string.Create(CultureInfo.InvariantCulture, $"The download of the {_contentName} content from {_redactedLink} delivered more than the {limit} bytes its Content-Length announced; the content cannot be trusted."),
                _redactedLink);
        }

        return read;
    }

    private static bool IsTransferFailure(Exception ex) => ex is IOException or HttpRequestException && ex is not OperationCanceledException;

    private DownloadFailedException CutOff(Exception ex)
    {
        string expected = _expectedLength is { } length ? string.Create(CultureInfo.InvariantCulture, $" of {length}") : string.Empty;
        return new DownloadFailedException(
            string.Create(CultureInfo.InvariantCulture, $"The download of the {_contentName} content from {_redactedLink} was cut off after {_received}{expected} bytes: {ex.Message} Retry the download; the link is re-requested when it has expired."),
            _redactedLink,
            innerException: ex);
    }
}
