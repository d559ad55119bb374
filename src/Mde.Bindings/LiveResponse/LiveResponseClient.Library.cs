using Mde.Bindings.Protocol;

namespace Mde.Bindings.LiveResponse;

/// <summary>The live response library: the scripts and files that RunScript and PutFile commands use.</summary>
public sealed partial class LiveResponseClient
{
    /// <summary>Lists the library's files.</summary>
    internal async Task<IReadOnlyList<LibraryEntry>> ListLibraryFilesAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<LibraryFile> files = await _api.ListLibraryFilesAsync(cancellationToken).ConfigureAwait(false);
        return files.Select(ToEntry).ToArray();
    }

    /// <summary>Deletes a library file.</summary>
    internal Task DeleteLibraryFileAsync(string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        return _api.DeleteLibraryFileAsync(fileName, cancellationToken);
    }

    /// <summary>
    /// Uploads a file from disk to the library, under its own file name, through the spec's UploadLibraryFile operation.
    /// </summary>
    /// <param name="path">The file to upload, 20 MB at most.</param>
    /// <param name="description">The file's description; <see langword="null"/> for none.</param>
    /// <param name="hasParameters">Whether the script takes parameters.</param>
    /// <param name="parametersDescription">How the parameters are used; <see langword="null"/> for none.</param>
    /// <param name="overrideIfExists">Replace a library file of the same name (otherwise the service refuses the upload).</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <example>
    /// <code>
    /// LibraryEntry uploaded = await client.UploadLibraryFileAsync("collect-logs.ps1", description: "Collects the event logs", overrideIfExists: true);
    /// Console.WriteLine($"{uploaded.FileName} {uploaded.Sha256}");
    /// </code>
    /// </example>
    public async Task<LibraryEntry> UploadLibraryFileAsync(string path, string? description = null, bool hasParameters = false, string? parametersDescription = null, bool overrideIfExists = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        await using FileStream file = File.OpenRead(path);
        return await UploadLibraryFileAsync(file, Path.GetFileName(path), description, hasParameters, parametersDescription, overrideIfExists, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads <paramref name="content"/> (read from its current position; left open) to the library as
    /// <paramref name="fileName"/>, as multipart/form-data of 20 MB at most.
    /// </summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="fileName">The name in the library.</param>
    /// <param name="description">The file's description; <see langword="null"/> for none.</param>
    /// <param name="hasParameters">Whether the script takes parameters.</param>
    /// <param name="parametersDescription">How the parameters are used; <see langword="null"/> for none.</param>
    /// <param name="overrideIfExists">Replace a library file of the same name (otherwise the service refuses the upload).</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <exception cref="ArgumentException">The name holds characters the library refuses, or the content is larger than 20 MB.</exception>
    public async Task<LibraryEntry> UploadLibraryFileAsync(Stream content, string fileName, string? description = null, bool hasParameters = false, string? parametersDescription = null, bool overrideIfExists = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        LibraryFileName.Validate(fileName, nameof(fileName));

        // Read it once, into memory (20 MB at most): the caller's stream stays open, and a resend after a 429 has the bytes.
        using var buffer = new MemoryStream();
        await CopyAtMostAsync(content, buffer, MaxLibraryFileBytes + 1, cancellationToken).ConfigureAwait(false);
        if (buffer.Length > MaxLibraryFileBytes)
        {
            throw new ArgumentException($"'{fileName}' is larger than 20 MB, the most the library takes.", nameof(content));
        }

        buffer.Position = 0;
        // The spec's operation (a multipart body): sent, throttled and checked as every generated call is.
        LibraryFile uploaded = await _api.UploadLibraryFileAsync(
            new LibraryUploadForm
            {
                File = new FormFile(buffer, fileName),
                Description = string.IsNullOrEmpty(description) ? null : description,
                HasParameters = hasParameters,
                ParametersDescription = string.IsNullOrEmpty(parametersDescription) ? null : parametersDescription,
                OverrideIfExists = overrideIfExists,
            },
            cancellationToken).ConfigureAwait(false);
        return ToEntry(uploaded);
    }

    private static async Task CopyAtMostAsync(Stream source, Stream destination, long limit, CancellationToken cancellationToken)
    {
        byte[] chunk = new byte[81920];
        int read;
        while (destination.Length < limit && (read = await source.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - destination.Length)), cancellationToken).ConfigureAwait(false)) > 0)
        {
            await destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }

    private static LibraryEntry ToEntry(LibraryFile file) =>
        new(file.FileName, file.Sha256, file.Description, file.HasParameters, file.ParametersDescription, file.CreatedBy, file.CreationTime, file.LastUpdatedTime);
}
