using Mde.Bindings.GeneratedCode;
namespace Mde.Bindings.Http;

/// <summary>
/// Bounds one network attempt — sending and reading the whole answer — next to the network, so that waiting for a
/// rate-limit permit or a 429 pause (further out in the pipeline) never counts against it. API answers are small: the
/// body is buffered inside the bound, so a stalled body is a timeout too, and the retry handler can try again.
/// </summary>
internal sealed class AttemptTimeoutHandler : DelegatingHandler
{
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the handler.</summary>
    public AttemptTimeoutHandler(TimeSpan timeout, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _timeout = timeout;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
#if NET9_0_OR_GREATER
            await response.Content.LoadIntoBufferAsync(linked.Token).ConfigureAwait(false);
#else
            await response.Content.LoadIntoBufferAsync().WaitAsync(linked.Token).ConfigureAwait(false);
#endif
            return response;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            string operation = request.GetEndpoint() is { } endpoint ? endpoint.OperationName : request.Method.Method;
            throw new TimeoutException($"{operation} got no complete answer within {_timeout.TotalSeconds:0.#} s ({Redaction.Redact(request.RequestUri)}).");
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }
}
