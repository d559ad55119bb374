namespace Mde.Bindings;

/// <summary>
/// A file sent as one part of a multipart/form-data request (a <c>file</c> field of a spec's multipart form model):
/// its content and the file name the service sees. The stream is read from its current position and left open; a
/// seekable stream can be sent again when a request is retried.
/// </summary>
/// <example>
/// <code>
/// await using FileStream script = File.OpenRead("collect-logs.ps1");
/// var file = new FormFile(script, "collect-logs.ps1");
/// </code>
/// </example>
public sealed class FormFile
{
    /// <summary>Creates a file part.</summary>
    /// <param name="content">The file's bytes, read from the current position; the caller disposes it.</param>
    /// <param name="fileName">The file name sent with the part.</param>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="fileName"/> is null, empty or white space.</exception>
    public FormFile(Stream content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        Content = content;
        FileName = fileName;
    }

    /// <summary>The file's bytes.</summary>
    public Stream Content { get; }

    /// <summary>The file name sent with the part.</summary>
    public string FileName { get; }

    /// <summary>The file name (the content is not shown).</summary>
    public override string ToString() => FileName;
}
