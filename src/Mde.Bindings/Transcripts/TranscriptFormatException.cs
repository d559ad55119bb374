namespace Mde.Bindings.Transcripts;

/// <summary>
/// A RunScript transcript is broken: truncated, not a JSON object, a member of the wrong type, a required member
/// missing, or invalid JSON. The message says what is wrong and where (line, column and byte offset). Internal:
/// callers catch it as the <see cref="MdeResponseFormatException"/> it is (an answer not in the documented format).
/// </summary>
internal sealed class TranscriptFormatException : MdeResponseFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, including where.</param>
    /// <param name="byteOffset">The zero-based byte offset in the (decompressed) transcript where the problem was found.</param>
    /// <param name="line">The one-based line of that byte.</param>
    /// <param name="column">The one-based column of that byte, counted in bytes from the start of its line.</param>
    public TranscriptFormatException(string message, long byteOffset, int line, int column)
        : base(message)
    {
        ByteOffset = byteOffset;
        Line = line;
        Column = column;
    }

    /// <summary>The zero-based byte offset where the problem was found.</summary>
    public long ByteOffset { get; }

    /// <summary>The one-based line where the problem was found.</summary>
    public int Line { get; }

    /// <summary>The one-based column, in bytes, where the problem was found.</summary>
    public int Column { get; }
}
