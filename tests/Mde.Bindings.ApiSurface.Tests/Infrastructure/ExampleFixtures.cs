using Mde.Bindings.Testing;

namespace Mde.Bindings.ApiSurface.Tests.Infrastructure;

/// <summary>
/// The docs pages' example payloads, one folder per spec group:
/// tests/TestData/defender-docs/examples/{group}/{Operation}.response.json (and .request.json, .rows.jsonl);
/// each folder's SOURCES.md names the pages, their commit and every repair.
/// </summary>
internal static class ExampleFixtures
{
    /// <summary>The fixtures' folder, relative to the repository root (as messages name it).</summary>
    public const string RelativeFolder = "tests/TestData/defender-docs/examples";

    /// <summary>The repository-relative path of an operation's fixture of <paramref name="kind"/> (response.json, request.json, rows.jsonl).</summary>
    public static string RelativePath(string group, string operation, string kind) => $"{RelativeFolder}/{group}/{operation}.{kind}";

    /// <summary>The fixture's text, or null when the file does not exist.</summary>
    public static string? Read(string group, string operation, string kind)
    {
        string path = Path.Combine(RepositoryRoot.Path, RelativePath(group, operation, kind));
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
