using System.Net;

namespace Mde.Bindings.Exports;

/// <summary>
/// The links of an export expired (or the storage refused one as expired or withdrawn) before every file was read.
/// The links cannot be renewed: call the export operation again for a fresh set. The message never holds a link.
/// Callers catch <see cref="Downloads.DownloadFailedException"/>.
/// </summary>
internal sealed class ExportFilesExpiredException : Downloads.DownloadFailedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="fileIndex">The zero-based index of the file that could not be read.</param>
    /// <param name="statusCode">The storage's answer, when it refused the link.</param>
    /// <param name="innerException">The failure that revealed the expiry.</param>
    public ExportFilesExpiredException(string message, int fileIndex, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, redactedLink: null, statusCode, innerException)
    {
        FileIndex = fileIndex;
    }

    /// <summary>The zero-based index, in <see cref="ExportFiles{T}.Links"/>, of the file that could not be read.</summary>
    public int FileIndex { get; }
}
