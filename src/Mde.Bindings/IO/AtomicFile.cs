using System.Buffers;

namespace Mde.Bindings.IO;

/// <summary>
/// Writes a file so that it is either complete or absent: the content goes to a temporary file in the same
/// folder, is flushed to disk, and only then renamed over the destination. A failure or a cancellation deletes
/// the temporary file and leaves any previous file at the destination untouched.
/// </summary>
internal static class AtomicFile
{
    // Built once: a search over a fixed set of characters is faster from a SearchValues.
    private static readonly SearchValues<char> s_lowerHexDigits = SearchValues.Create("0123456789abcdef");

    private const string TemporarySuffix = ".partial";
    /// <summary>Checks the destination before any work is done, so a bad path fails before a download starts.</summary>
    /// <returns>The full path of the destination.</returns>
    public static string ValidateDestination(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new ArgumentException($"'{fullPath}' is a directory; give the path of the file to write.", nameof(path));
        }

        string? directory = Path.GetDirectoryName(fullPath);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The folder of '{fullPath}' does not exist; create it before writing the file there.");
        }

        return fullPath;
    }

    /// <summary>Runs <paramref name="write"/> against a temporary file and renames it over <paramref name="fullPath"/> when it succeeds.</summary>
    /// <param name="fullPath">A path checked by <see cref="ValidateDestination"/>.</param>
    /// <param name="preallocationSize">The expected size when known (reserves the space up front), otherwise 0.</param>
    /// <param name="write">Writes the content; the stream is unbuffered, so write in large chunks.</param>
    /// <param name="cancellationToken">Cancels the write; the temporary file is then removed.</param>
    public static async Task<TResult> WriteAsync<TResult>(string fullPath, long preallocationSize, Func<Stream, CancellationToken, Task<TResult>> write, CancellationToken cancellationToken)
    {
        string directory = Path.GetDirectoryName(fullPath)!;
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            TResult result;
            var fileOptions = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
                Options = FileOptions.Asynchronous,
                PreallocationSize = Math.Max(0, preallocationSize),
            };
            FileStream file = new(temporary, fileOptions);
            await using (file.ConfigureAwait(false))
            {
                result = await write(file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);

                // A preallocated file keeps its reserved length when less was written.
                if (file.Length != file.Position)
                {
                    file.SetLength(file.Position);
                }

                // Durable before it becomes visible: a crash after the rename must not leave a hollow file.
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
            return result;
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Deletes the temporary files of writes that never finished in <paramref name="directory"/>: a process killed
    /// mid-write cannot remove its own. Call it only where no write is under way (a resumed job holds its journal's lock).
    /// </summary>
    /// <returns>How many were deleted.</returns>
    public static int DeleteLeftovers(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        int deleted = 0;
        foreach (string path in Directory.EnumerateFiles(directory, ".*" + TemporarySuffix))
        {
            // .<name>.<32 hex digits>.partial, as WriteAsync names them.
            string stem = Path.GetFileName(path)[..^TemporarySuffix.Length];
            int dot = stem.LastIndexOf('.');
            if (dot > 1 && stem.Length - dot - 1 == 32 && stem.AsSpan(dot + 1).IndexOfAnyExcept(s_lowerHexDigits) < 0)
            {
                TryDelete(path);
                deleted++;
            }
        }

        return deleted;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
