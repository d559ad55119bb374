using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using Mde.Bindings.Protocol;
using Mde.Bindings.Throttling;

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

    /// <summary>Uploads a file from disk to the library, under its own file name.</summary>
    public async Task<LibraryEntry> UploadLibraryFileAsync(string path, LibraryUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        await using FileStream file = File.OpenRead(path);
        return await UploadLibraryFileAsync(file, Path.GetFileName(path), options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads <paramref name="content"/> (read from its current position; left open) to the library as
    /// <paramref name="fileName"/>, as multipart/form-data of 20 MB at most.
    /// </summary>
    /// <exception cref="ArgumentException">The name holds characters the library refuses, or the content is larger than 20 MB.</exception>
    public async Task<LibraryEntry> UploadLibraryFileAsync(Stream content, string fileName, LibraryUploadOptions? options = null, CancellationToken cancellationToken = default)
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

        options ??= new LibraryUploadOptions();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, LibraryUploadForm.File, fileName);
        if (!string.IsNullOrEmpty(options.Description))
        {
            form.Add(new StringContent(options.Description), LibraryUploadForm.Description);
        }

        form.Add(new StringContent(options.HasParameters ? "true" : "false"), LibraryUploadForm.HasParameters);
        if (!string.IsNullOrEmpty(options.ParametersDescription))
        {
            form.Add(new StringContent(options.ParametersDescription), LibraryUploadForm.ParametersDescription);
        }

        form.Add(new StringContent(options.OverrideIfExists ? "true" : "false"), LibraryUploadForm.OverrideIfExists);

        // The upload is not in the spec (multipart), but it is sent, throttled and checked as generated calls are.
        using RateLimitLease? permit = _throttle ? await _limiters.AcquireAsync(UploadLibraryFile, cancellationToken).ConfigureAwait(false) : null;
        LibraryFile uploaded = await _client.SendForRuntimeAsync(UploadLibraryFile, HttpMethod.Post, form, LiveResponseJsonContext.Default.LibraryFile, cancellationToken).ConfigureAwait(false);
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
