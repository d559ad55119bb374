namespace Mde.Bindings.Exports;

/// <summary>
/// A line of an export file is not a valid row. The message names the operation, the file by its index and the line
/// by its number, never the file's link (a credential). Callers catch <see cref="MdeResponseFormatException"/>.
/// </summary>
internal sealed class ExportFileFormatException : MdeResponseFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the line.</param>
    /// <param name="fileIndex">The zero-based index of the file.</param>
    /// <param name="lineNumber">The one-based number of the line in the decompressed file.</param>
    /// <param name="innerException">The JSON error.</param>
    public ExportFileFormatException(string message, int fileIndex, long lineNumber, Exception? innerException = null)
        : base(message, innerException!)
    {
        FileIndex = fileIndex;
        LineNumber = lineNumber;
    }

    /// <summary>The zero-based index, in <see cref="ExportFiles{T}.Links"/>, of the file that holds the line.</summary>
    public int FileIndex { get; }

    /// <summary>The one-based number of the line in the decompressed file.</summary>
    public long LineNumber { get; }
}
