namespace Mde.Bindings.Downloads;

/// <summary>
/// One-shot download of the link a generated operation is about to return, through
/// <see cref="LinkDownloader.Shared"/>: <c>await api.GetPackageUriAsync(id, ct).SaveContentToFileAsync("package.zip", ct)</c>.
/// A link obtained from a single task cannot be refreshed, so an expired link or a 403/404 from the storage ends
/// the download. Prefer the <see cref="LinkDownloader"/> methods that take a delegate, which re-request the link
/// in those cases.
/// </summary>
internal static class DownloadLinkTaskExtensions
{
    /// <summary>Awaits the link and reads its JSON content as <typeparamref name="T"/>.</summary>
    /// <param name="link">The operation's pending link.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <exception cref="InvalidOperationException">The link's content is raw bytes: use <see cref="CopyContentToAsync{T}"/> or <see cref="SaveContentToFileAsync{T}"/>.</exception>
    /// <exception cref="DownloadFailedException">The content could not be downloaded completely.</exception>
    public static Task<T> ReadContentAsync<T>(this Task<DownloadLink<T>> link, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        return LinkDownloader.Shared.ReadCoreAsync(_ => link, singleLink: true, cancellationToken);
    }

    /// <summary>Awaits the link and streams its content to <paramref name="destination"/>.</summary>
    /// <param name="link">The operation's pending link.</param>
    /// <param name="destination">A writable stream; it is neither flushed nor closed.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="DownloadFailedException">The content could not be downloaded completely.</exception>
    public static Task<long> CopyContentToAsync<T>(this Task<DownloadLink<T>> link, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        return LinkDownloader.Shared.CopyCoreAsync(_ => link, destination, singleLink: true, cancellationToken);
    }

    /// <summary>Awaits the link and writes its content atomically to <paramref name="path"/> (complete, or the previous file untouched).</summary>
    /// <param name="link">The operation's pending link.</param>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="DownloadFailedException">The content could not be downloaded completely; the file is unchanged.</exception>
    public static Task<long> SaveContentToFileAsync<T>(this Task<DownloadLink<T>> link, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        return LinkDownloader.Shared.SaveCoreAsync(_ => link, path, singleLink: true, cancellationToken);
    }
}
