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
    private readonly int _capacity;
    private readonly int _scratchCapacity;
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
        _capacity = bufferSize;
        _scratchCapacity = Math.Max(1024, bufferSize / 4);
        _buffer = ArrayPool<byte>.Shared.Rent(_capacity);
        _scratch = ArrayPool<byte>.Shared.Rent(_scratchCapacity);
    }

    private enum StringStep
    {
        NeedInput,
        FlushScratch,
        DirectRun,
        End,
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

            CompleteFill(await _stream.ReadAsync(PrepareFill(), cancellationToken).ConfigureAwait(false));
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

        // The bytes are scanned synchronously; this loop only awaits to refill the input or to hand a piece on.
        while (true)
        {
            StringStep step = ScanString(context, out int directRun);
            if (step == StringStep.End)
            {
                await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            if (step == StringStep.NeedInput)
            {
                if (_endOfStream)
                {
                    throw Truncated($"inside {context}");
                }

                CompleteFill(await _stream.ReadAsync(PrepareFill(), cancellationToken).ConfigureAwait(false));
                continue;
            }

            ReadOnlyMemory<byte> chunk = step == StringStep.DirectRun ? _buffer.AsMemory(_position, directRun) : _scratch.AsMemory(0, _scratchLength);
            (long nulsFirst, int keep) = PlanChunk(chunk.Span);
            while (nulsFirst > 0)
            {
                int count = (int)Math.Min(nulsFirst, s_zeros.Length);
                await sink.WriteAsync(s_zeros.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
                nulsFirst -= count;
            }

            if (keep > 0)
            {
                await sink.WriteAsync(chunk[..keep], cancellationToken).ConfigureAwait(false);
            }

            if (step == StringStep.DirectRun)
            {
                Advance(directRun);
            }
            else
            {
                _scratchLength = 0;
            }
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

    private Memory<byte> PrepareFill()
    {
        if (_position > 0)
        {
            // Keep the unread tail; the consumed head is already accounted for in the line count.
            int remaining = _end - _position;
            _buffer.AsSpan(_position, remaining).CopyTo(_buffer);
            _bufferOffset += _position;
            _position = 0;
            _end = remaining;
        }

        return _buffer.AsMemory(_end, _capacity - _end);
    }

    private void CompleteFill(int read)
    {
        if (read == 0)
        {
            _endOfStream = true;
        }

        _end += read;
    }

    /// <summary>
    /// Moves through the string as far as the buffered input and the scratch space allow: short runs and decoded
    /// escapes are gathered in the scratch space, a long run is handed on straight from the input buffer.
    /// </summary>
    private StringStep ScanString(string context, out int directRun)
    {
        directRun = 0;
        while (true)
        {
            ReadOnlySpan<byte> available = _buffer.AsSpan(_position, _end - _position);
            if (available.IsEmpty)
            {
                return StringStep.NeedInput;
            }

            int special = available.IndexOfAny((byte)'"', (byte)'\\');
            int run = special < 0 ? available.Length : special;
            if (run > 0)
            {
                if (run >= _scratchCapacity / 2)
                {
                    if (_scratchLength > 0)
                    {
                        return StringStep.FlushScratch;
                    }

                    directRun = run;
                    return StringStep.DirectRun;
                }

                if (run > _scratchCapacity - _scratchLength)
                {
                    return StringStep.FlushScratch;
                }

                available[..run].CopyTo(_scratch.AsSpan(_scratchLength));
                _scratchLength += run;
                Advance(run);
                continue;
            }

            if (available[0] == (byte)'"')
            {
                if (_scratchLength > 0)
                {
                    return StringStep.FlushScratch;
                }

                Advance(1);
                return StringStep.End;
            }

            if (_scratchCapacity - _scratchLength < 4)
            {
                return StringStep.FlushScratch;
            }

            if (!TryDecodeEscape(available, context))
            {
                return StringStep.NeedInput;
            }
        }
    }

    /// <summary>Decodes the escape sequence at the start of <paramref name="available"/> into the scratch space; <see langword="false"/> when more input is needed.</summary>
    private bool TryDecodeEscape(ReadOnlySpan<byte> available, string context)
    {
        if (available.Length < 2)
        {
            return false;
        }

        byte kind = available[1];
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

            _scratch[_scratchLength++] = simple;
            Advance(2);
            return true;
        }

        if (available.Length < 6)
        {
            return false;
        }

        int unit = ParseHex(available.Slice(2, 4), context);
        int consumed = 6;
        int scalar = unit;
        if (char.IsHighSurrogate((char)unit))
        {
            // A pair is two escapes in a row; a lone half cannot be encoded and becomes U+FFFD.
            if (available.Length < 12 && !_endOfStream)
            {
                return false;
            }

            scalar = 0xFFFD;
            if (available.Length >= 12
                && available[6] == (byte)'\\'
                && available[7] == (byte)'u'
                && TryParseHex(available.Slice(8, 4), out int low)
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

        _scratchLength += new Rune(scalar).EncodeToUtf8(_scratch.AsSpan(_scratchLength));
        Advance(consumed);
        return true;
    }

    private int ParseHex(ReadOnlySpan<byte> digits, string context) =>
        TryParseHex(digits, out int value)
            ? value
            : throw Error($"'\\u{Encoding.ASCII.GetString(digits)}' in {context} is not a valid \\u escape (four hexadecimal digits expected)");

    private static bool TryParseHex(ReadOnlySpan<byte> digits, out int value) =>
        Utf8Parser.TryParse(digits, out value, out int used, 'X') && used == 4;

    /// <summary>
    /// Plans how a piece of the string is handed on, holding back NUL bytes at its end until something else follows
    /// them: NUL padding at the end of a string is dropped, NUL characters inside it are kept.
    /// </summary>
    /// <returns>How many held-back NULs to write first, and how many bytes of the piece to write.</returns>
    private (long NulsFirst, int Keep) PlanChunk(ReadOnlySpan<byte> chunk)
    {
        int keep = chunk.LastIndexOfAnyExcept((byte)0) + 1;
        long nulsFirst = 0;
        if (keep > 0)
        {
            nulsFirst = _pendingNuls;
            _pendingNuls = 0;
        }

        _pendingNuls += chunk.Length - keep;
        return (nulsFirst, keep);
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
