namespace Mde.Bindings.Testing;

/// <summary>
/// The checkout the tests and benchmarks run from: the first folder above the running binaries that holds
/// Bindings.sln. Linked into each project that reads the repository's own files.
/// </summary>
internal static class RepositoryRoot
{
    /// <summary>The repository's root folder.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Bindings.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Bindings.sln above {AppContext.BaseDirectory}: run from a clone of the repository.");
    }
}
