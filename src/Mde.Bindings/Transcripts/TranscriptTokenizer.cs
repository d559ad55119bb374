using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Mde.Bindings.Transcripts;

/// <summary>
/// Reads JSON from a stream through one pooled buffer, a piece at a time, so that a string of any length is
/// passed on to a <see cref="TextSink"/> without being held whole. Tolerant of what the service really sends
/// (raw control characters inside strings are kept as they are; trailing NUL padding of a string is dropped),
/// and precise about everything else: each error names what was expected and where.
/// </summary>
internal sealed class TranscriptTokenizer : IDisposable
{
    private const int MaxNumberLength = 64;
    private const int MaxKeyLength = 256;
    private const int MaxDepth = 64;
    private static readonly byte[] s_zeros = new byte[4096];
    private static readonly DiscardSink s_discard = new();
    private static readonly SearchValues<byte> s_whitespace = SearchValues.Create(" \t\r\n"u8);
    private static readonly SearchValues<byte> s_padding = SearchValues.Create(" \t\r\n\0"u8);
    private static readonly string[] s_literals = ["true", "false", "null"];

    private readonly Stream _stream;
    private byte[] _buffer;
    private byte[] _scratch;
    private int _position;
    private int _end;
    private bool _endOfStream;
    private long _bufferOffset;
    private int _line = 1;
    private long _lineStartOffset;
    private int _scratchLength;
    private long _pendingNuls;

    public TranscriptTokenizer(Stream stream, int bufferSize)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        _scratch = ArrayPool<byte>.Shared.Rent(Math.Max(1024, bufferSize / 4));
    }

    /// <summary>Where the next byte is.</summary>
    public TextPosition Position
    {
        get
        {
            long offset = _bufferOffset + _position;
            return new TextPosition(offset, _line, (int)Math.Min(int.MaxValue, offset - _lineStartOffset + 1));
        }
    }

    /// <summary>The next byte; only valid after a successful <see cref="EnsureAsync"/> or <see cref="SkipWhitespaceAsync"/>.</summary>
    public byte Current => _buffer[_position];

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        ArrayPool<byte>.Shared.Return(_scratch);
        _buffer = [];
        _scratch = [];
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available; <see langword="false"/> when the stream ends first.</summary>
    public async ValueTask<bool> EnsureAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _position < count)
        {
            if (_endOfStream)
            {
                return false;
            }

            if (_position > 0)
            {
                // Keep the unread tail; the consumed head is already accounted for in the line count.
                int remaining = _end - _position;
                _buffer.AsSpan(_position, remaining).CopyTo(_buffer);
                _bufferOffset += _position;
                _position = 0;
                _end = remaining;
            }

            int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
        }

        return true;
    }

    /// <summary>Consumes <paramref name="count"/> buffered bytes, keeping the line count.</summary>
    public void Advance(int count)
    {
        ReadOnlySpan<byte> consumed = _buffer.AsSpan(_position, count);
        int lastNewLine = consumed.LastIndexOf((byte)'\n');
        if (lastNewLine >= 0)
        {
            _line += consumed.Count((byte)'\n');
            _lineStartOffset = _bufferOffset + _position + lastNewLine + 1;
        }

        _position += count;
    }

    /// <summary>Skips a UTF-8 byte order mark at the very start.</summary>
    public async ValueTask SkipByteOrderMarkAsync(CancellationToken cancellationToken)
    {
        if (await EnsureAsync(3, cancellationToken).ConfigureAwait(false) && _buffer.AsSpan(_position, 3).SequenceEqual("\uFEFF"u8))
        {
            Advance(3);
        }
    }

    /// <summary>Skips JSON whitespace; <see langword="false"/> when the stream ends.</summary>
    public ValueTask<bool> SkipWhitespaceAsync(CancellationToken cancellationToken) => SkipAsync(s_whitespace, cancellationToken);

    /// <summary>Skips whitespace and NUL padding after the document; <see langword="true"/> when anything else follows.</summary>
    public ValueTask<bool> SkipTrailingPaddingAsync(CancellationToken cancellationToken) => SkipAsync(s_padding, cancellationToken);

    /// <summary>Consumes the byte <paramref name="expected"/> or fails with <paramref name="expectation"/>.</summary>
    public async ValueTask ExpectAsync(byte expected, string expectation, string context, CancellationToken cancellationToken)
    {
        if (!await SkipWhitespaceAsync(cancellationToken).ConfigureAwait(false))
        {
            throw Truncated(context);
        }

        if (Current != expected)
        {
            throw Error($"expected {expectation}, found {DescribeCurrent()}");
        }

        Advance(1);
    }

    /// <summary>Reads a member name (the next byte must be <c>"</c>); a very long name is cut for messages and matching.</summary>
    public async ValueTask<string> ReadKeyAsync(CancellationToken cancellationToken)
    {
        var key = new StringSink(MaxKeyLength * 4, "member name");
        var capped = new CappedSink(key, MaxKeyLength);
        await ReadStringAsync(capped, "a member name", cancellationToken).ConfigureAwait(false);
        return key.ToString();
    }

    /// <summary>
    /// Reads a string (the next byte must be <c>"</c>) into <paramref name="sink"/>, a piece at a time. Raw control
    /// characters are kept as they are; NUL characters at the end of the string are dropped.
    /// </summary>
    public async ValueTask ReadStringAsync(TextSink sink, string context, CancellationToken cancellationToken)
    {
        Advance(1);
        _scratchLength = 0;
        _pendingNuls = 0;
        while (true)
        {
            if (_position == _end && !await EnsureAsync(1, cancellationToken).ConfigureAwait(false))
            {
                throw Truncated($"inside {context}");
            }

            int available = _end - _position;
            int special = _buffer.AsSpan(_position, available).IndexOfAny((byte)'"', (byte)'\\');
            int run = special < 0 ? available : special;
            if (run > 0)
            {
                await AppendAsync(_buffer.AsMemory(_position, run), sink, cancellationToken).ConfigureAwait(false);
                Advance(run);
            }

            if (special < 0)
            {
                continue;
            }

            if (Current == (byte)'"')
            {
                Advance(1);
                await FlushScratchAsync(sink, cancellationToken).ConfigureAwait(false);
                await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            await ReadEscapeAsync(sink, context, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a number token (the next byte must start one) and checks it is valid JSON.</summary>
    public async ValueTask<string> ReadNumberAsync(string context, CancellationToken cancellationToken)
    {
        TextPosition start = Position;
        var token = new StringBuilder();
        while (await EnsureAsync(1, cancellationToken).ConfigureAwait(false) && IsNumberByte(Current))
        {
            if (token.Length == MaxNumberLength)
            {
                throw Error($"the number in {context} is longer than {MaxNumberLength} characters", start);
            }

            token.Append((char)Current);
            Advance(1);
        }

        string text = token.ToString();
        if (!IsJsonNumber(text))
        {
            throw Error($"'{text}' in {context} is not a valid JSON number", start);
        }

        return text;
    }

    /// <summary>Reads <c>true</c>, <c>false</c> or <c>null</c>; returns the literal read.</summary>
    public async ValueTask<string> ReadLiteralAsync(string context, CancellationToken cancellationToken)
    {
        foreach (string literal in s_literals)
        {
            if (Current != (byte)literal[0])
            {
                continue;
            }

            if (!await EnsureAsync(literal.Length, cancellationToken).ConfigureAwait(false))
            {
                if (_buffer.AsSpan(_position, _end - _position).SequenceEqual(Encoding.ASCII.GetBytes(literal).AsSpan(0, _end - _position)))
                {
                    throw Truncated($"inside {context}");
                }
            }
            else if (_buffer.AsSpan(_position, literal.Length).SequenceEqual(Encoding.ASCII.GetBytes(literal)))
            {
                Advance(literal.Length);
                return literal;
            }
        }

        throw Error($"expected a JSON value in {context}, found {DescribeCurrent()}");
    }

    /// <summary>Skips one JSON value of any kind (the next byte must start it).</summary>
    public async ValueTask SkipValueAsync(string context, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
        {
            throw Error($"{context} is nested deeper than {MaxDepth} levels");
        }

        switch (Current)
        {
            case (byte)'"':
                await ReadStringAsync(s_discard, context, cancellationToken).ConfigureAwait(false);
                return;
            case (byte)'{':
            case (byte)'[':
                await SkipContainerAsync(context, depth, cancellationToken).ConfigureAwait(false);
                return;
            case (byte)'-':
            case >= (byte)'0' and <= (byte)'9':
                await ReadNumberAsync(context, cancellationToken).ConfigureAwait(false);
                return;
            default:
                await ReadLiteralAsync(context, cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>Names the kind of value that starts at the next byte, for "must be a string, found …" messages.</summary>
    public string DescribeValueKind() => Current switch
    {
        (byte)'"' => "a string",
        (byte)'{' => "an object",
        (byte)'[' => "an array",
        (byte)'-' or (>= (byte)'0' and <= (byte)'9') => "a number",
        (byte)'t' or (byte)'f' => "a boolean",
        (byte)'n' => "null",
        _ => DescribeCurrent(),
    };

    /// <summary>Names the next byte for a message.</summary>
    public string DescribeCurrent() => _position < _end ? DescribeByte(Current) : "the end of the file";

    /// <summary>A format error at the current position.</summary>
    public TranscriptFormatException Error(string problem) => Error(problem, Position);

    /// <summary>A format error at <paramref name="position"/>.</summary>
    public static TranscriptFormatException Error(string problem, TextPosition position) =>
        new($"The transcript is not valid: {problem}, at {position}.", position.Offset, position.Line, position.Column);

    /// <summary>The error for a transcript that ends before its JSON does.</summary>
    public TranscriptFormatException Truncated(string context)
    {
        TextPosition position = Position;
        return new TranscriptFormatException(
            $"The transcript ends unexpectedly {context}, at {position}: the file is truncated (a download cut short, or a transcript that was not written completely).",
            position.Offset,
            position.Line,
            position.Column);
    }

    private async ValueTask<bool> SkipAsync(SearchValues<byte> skippable, CancellationToken cancellationToken)
    {
        while (true)
        {
            int available = _end - _position;
            int other = _buffer.AsSpan(_position, available).IndexOfAnyExcept(skippable);
            if (other >= 0)
            {
                Advance(other);
                return true;
            }

            Advance(available);
            if (!await EnsureAsync(1, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
    }

    private async ValueTask SkipContainerAsync(string context, int depth, CancellationToken cancellationToken)
    {
        bool isObject = Current == (byte)'{';
        byte close = isObject ? (byte)'}' : (byte)']';
        string inside = isObject ? $"an object in {context}" : $"an array in {context}";
        Advance(1);
        if (!await SkipWhitespaceAsync(cancellationToken).ConfigureAwait(false))
        {
            throw Truncated($"inside {inside}");
        }

        if (Current == close)
        {
            Advance(1);
            return;
        }

        while (true)
        {
            if (isObject)
            {
                if (Current != (byte)'"')
                {
                    throw Error($"expected a member name in double quotes inside {inside}, found {DescribeCurrent()}");
                }

                await ReadStringAsync(s_discard, $"a member name inside {inside}", cancellationToken).ConfigureAwait(false);
                await ExpectAsync((byte)':', "':' after a member name", $"inside {inside}", cancellationToken).ConfigureAwait(false);
            }

            if (!await SkipWhitespaceAsync(cancellationToken).ConfigureAwait(false))
            {
                throw Truncated($"inside {inside}");
            }

            await SkipValueAsync(context, depth + 1, cancellationToken).ConfigureAwait(false);
            if (!await SkipWhitespaceAsync(cancellationToken).ConfigureAwait(false))
            {
                throw Truncated($"inside {inside}");
            }

            if (Current == close)
            {
                Advance(1);
                return;
            }

            if (Current != (byte)',')
            {
                throw Error($"expected ',' or '{(char)close}' inside {inside}, found {DescribeCurrent()}");
            }

            Advance(1);
            if (!await SkipWhitespaceAsync(cancellationToken).ConfigureAwait(false))
            {
                throw Truncated($"inside {inside}");
            }
        }
    }

    private async ValueTask ReadEscapeAsync(TextSink sink, string context, CancellationToken cancellationToken)
    {
        if (!await EnsureAsync(2, cancellationToken).ConfigureAwait(false))
        {
            throw Truncated($"inside an escape sequence in {context}");
        }

        byte kind = _buffer[_position + 1];
        byte simple = kind switch
        {
            (byte)'"' => (byte)'"',
            (byte)'\\' => (byte)'\\',
            (byte)'/' => (byte)'/',
            (byte)'b' => (byte)'\b',
            (byte)'f' => (byte)'\f',
            (byte)'n' => (byte)'\n',
            (byte)'r' => (byte)'\r',
            (byte)'t' => (byte)'\t',
            _ => 0,
        };

        if (kind != (byte)'u')
        {
            if (simple == 0)
            {
                throw Error($"'\\{DescribeEscape(kind)}' in {context} is not a JSON escape sequence (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
            }

            await EnsureScratchRoomAsync(1, sink, cancellationToken).ConfigureAwait(false);
            _scratch[_scratchLength++] = simple;
            Advance(2);
            return;
        }

        if (!await EnsureAsync(6, cancellationToken).ConfigureAwait(false))
        {
            throw Truncated($"inside a \\u escape sequence in {context}");
        }

        int unit = ParseHex(_buffer.AsSpan(_position + 2, 4), context);
        int consumed = 6;
        int scalar = unit;
        if (char.IsHighSurrogate((char)unit))
        {
            // A pair is two escapes in a row; a lone half cannot be encoded and becomes U+FFFD.
            scalar = 0xFFFD;
            if (await EnsureAsync(12, cancellationToken).ConfigureAwait(false)
                && _buffer[_position + 6] == (byte)'\\'
                && _buffer[_position + 7] == (byte)'u'
                && TryParseHex(_buffer.AsSpan(_position + 8, 4), out int low)
                && char.IsLowSurrogate((char)low))
            {
                scalar = char.ConvertToUtf32((char)unit, (char)low);
                consumed = 12;
            }
        }
        else if (char.IsLowSurrogate((char)unit))
        {
            scalar = 0xFFFD;
        }

        await EnsureScratchRoomAsync(4, sink, cancellationToken).ConfigureAwait(false);
        _scratchLength += new Rune(scalar).EncodeToUtf8(_scratch.AsSpan(_scratchLength));
        Advance(consumed);
    }

    private int ParseHex(ReadOnlySpan<byte> digits, string context) =>
        TryParseHex(digits, out int value)
            ? value
            : throw Error($"'\\u{Encoding.ASCII.GetString(digits)}' in {context} is not a valid \\u escape (four hexadecimal digits expected)");

    private static bool TryParseHex(ReadOnlySpan<byte> digits, out int value) =>
        Utf8Parser.TryParse(digits, out value, out int used, 'X') && used == 4;

    private async ValueTask AppendAsync(ReadOnlyMemory<byte> bytes, TextSink sink, CancellationToken cancellationToken)
    {
        // Long runs go straight to the sink; short ones are gathered so that escape-heavy text is not written byte by byte.
        if (bytes.Length >= _scratch.Length / 2)
        {
            await FlushScratchAsync(sink, cancellationToken).ConfigureAwait(false);
            await WriteChunkAsync(bytes, sink, cancellationToken).ConfigureAwait(false);
            return;
        }

        await EnsureScratchRoomAsync(bytes.Length, sink, cancellationToken).ConfigureAwait(false);
        bytes.Span.CopyTo(_scratch.AsSpan(_scratchLength));
        _scratchLength += bytes.Length;
    }

    private async ValueTask EnsureScratchRoomAsync(int count, TextSink sink, CancellationToken cancellationToken)
    {
        if (_scratch.Length - _scratchLength < count)
        {
            await FlushScratchAsync(sink, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask FlushScratchAsync(TextSink sink, CancellationToken cancellationToken)
    {
        if (_scratchLength > 0)
        {
            int length = _scratchLength;
            _scratchLength = 0;
            await WriteChunkAsync(_scratch.AsMemory(0, length), sink, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Passes a piece of the string on, holding back NUL bytes at its end until something else follows them:
    /// NUL padding at the end of a string is dropped, NUL characters inside it are kept.
    /// </summary>
    private async ValueTask WriteChunkAsync(ReadOnlyMemory<byte> chunk, TextSink sink, CancellationToken cancellationToken)
    {
        int keep = chunk.Span.LastIndexOfAnyExcept((byte)0) + 1;
        if (keep > 0)
        {
            while (_pendingNuls > 0)
            {
                int count = (int)Math.Min(_pendingNuls, s_zeros.Length);
                await sink.WriteAsync(s_zeros.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
                _pendingNuls -= count;
            }

            await sink.WriteAsync(chunk[..keep], cancellationToken).ConfigureAwait(false);
        }

        _pendingNuls += chunk.Length - keep;
    }

    private static bool IsNumberByte(byte value) =>
        value is (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'+' or (byte)'.' or (byte)'e' or (byte)'E';

    /// <summary>The JSON number grammar: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    private static bool IsJsonNumber(string text)
    {
        int i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (i >= text.Length || !char.IsAsciiDigit(text[i]))
        {
            return false;
        }

        if (text[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] == '.')
        {
            int digits = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == digits)
            {
                return false;
            }
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
            {
                i++;
            }

            int digits = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == digits)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static string DescribeByte(byte value) =>
        value is >= 0x21 and <= 0x7E ? $"'{(char)value}'" : $"byte 0x{value:X2}";

    private static string DescribeEscape(byte value) =>
        value is >= 0x21 and <= 0x7E ? ((char)value).ToString() : $"(byte 0x{value:X2})";

    /// <summary>Passes on at most a fixed number of bytes: member names are only compared, never needed whole.</summary>
    private sealed class CappedSink(TextSink inner, int maxBytes) : TextSink
    {
        private int _left = maxBytes;

        public override ValueTask CompleteAsync(CancellationToken cancellationToken) => inner.CompleteAsync(cancellationToken);

        protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
        {
            int take = Math.Min(_left, utf8.Length);
            _left -= take;
            return take > 0 ? inner.WriteAsync(utf8[..take], cancellationToken) : default;
        }
    }
}
