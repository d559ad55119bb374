namespace Mde.Bindings.PackageTests.Infrastructure;

/// <summary>The checkout these tests run from: the folder above the test binaries that holds Bindings.sln.</summary>
public static class RepositoryRoot
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

        throw new InvalidOperationException($"No Bindings.sln above {AppContext.BaseDirectory}: run the package tests from a checkout of the repository.");
    }
}
