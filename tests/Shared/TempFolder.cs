namespace Mde.Bindings.Testing;

/// <summary>
/// A folder of its own under the temporary folder, deleted with everything in it on dispose: tests leave nothing
/// behind. Linked into each test project that writes files.
/// </summary>
internal sealed class TempFolder : IDisposable
{
    /// <summary>Creates <c>{temp}/{prefix}XXXXXX</c>, readable by this user only.</summary>
    public TempFolder(string prefix = "mde-bindings-test-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: nothing to clean.
        }
    }
}
