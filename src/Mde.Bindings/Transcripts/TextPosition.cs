using System.Globalization;

namespace Mde.Bindings.Transcripts;

/// <summary>A place in a transcript: byte offset (zero-based), line and byte column (one-based).</summary>
internal readonly record struct TextPosition(long Offset, int Line, int Column)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"line {Line}, column {Column} (byte offset {Offset})");
}
