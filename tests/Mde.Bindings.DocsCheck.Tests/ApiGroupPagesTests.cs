using Mde.Bindings.DocsCheck.ApiPages;
using Mde.Bindings.Testing;

namespace Mde.Bindings.DocsCheck;

/// <summary>docs/apis/ holds exactly the pages the shipped specs give today: one per spec, and the index.</summary>
public sealed class ApiGroupPagesTests
{
    private static readonly string s_folder = Path.Combine(RepositoryRoot.Path, "docs", "apis");

    [Fact]
    public void The_api_pages_are_up_to_date()
    {
        IReadOnlyDictionary<string, string> expected = ApiGroupPagesWriter.Write(Path.Combine(RepositoryRoot.Path, "api-spec"));
        if (Environment.GetEnvironmentVariable(ApiGroupPagesWriter.UpdateVariable) == "1")
        {
            Update(expected);
        }

        var problems = new List<string>();
        foreach ((string name, string text) in expected)
        {
            string file = Path.Combine(s_folder, name);
            string actual = File.Exists(file) ? File.ReadAllText(file).ReplaceLineEndings("\n") : string.Empty;
            if (actual != text)
            {
                problems.Add(FirstDifference("docs/apis/" + name, actual, text));
            }
        }

        problems.AddRange(Existing().Where(name => !expected.ContainsKey(name)).Select(name => $"docs/apis/{name} belongs to no shipped spec."));
        Assert.True(problems.Count == 0, string.Join("\n", problems) + $"\nRegenerate: {ApiGroupPagesWriter.RegenerateCommand}");
    }

    [Fact]
    public void Each_shipped_spec_has_a_page_with_every_operation_and_the_index_links_it()
    {
        IReadOnlyDictionary<string, string> pages = ApiGroupPagesWriter.Write(Path.Combine(RepositoryRoot.Path, "api-spec"));
        string index = pages["README.md"];
        foreach (string spec in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "api-spec"), "*.api.json"))
        {
            string group = Path.GetFileName(spec)[..^".api.json".Length];
            Assert.Contains($"[{group}]({group}.md)", index, StringComparison.Ordinal);
            string page = pages[group + ".md"];
            foreach (string operation in System.Text.Json.JsonDocument.Parse(File.ReadAllText(spec)).RootElement.GetProperty("endpoints").EnumerateObject().Select(e => e.Name))
            {
                Assert.Contains($"\n| {operation} | ", page, StringComparison.Ordinal);
            }
        }
    }

    private static IEnumerable<string> Existing() =>
        Directory.Exists(s_folder) ? Directory.EnumerateFiles(s_folder, "*.md").Select(Path.GetFileName).OfType<string>() : [];

    // Each page is written beside, then moved over the old one: a half-written page never replaces a good one.
    private static void Update(IReadOnlyDictionary<string, string> expected)
    {
        Directory.CreateDirectory(s_folder);
        foreach ((string name, string text) in expected)
        {
            string file = Path.Combine(s_folder, name);
            string temporary = file + ".tmp";
            File.WriteAllText(temporary, text);
            File.Move(temporary, file, overwrite: true);
        }

        foreach (string stale in Existing().Where(name => !expected.ContainsKey(name)).ToList())
        {
            File.Delete(Path.Combine(s_folder, stale));
        }
    }

    private static string FirstDifference(string file, string actual, string expected)
    {
        string[] a = actual.Split('\n');
        string[] e = expected.Split('\n');
        int line = Enumerable.Range(0, Math.Max(a.Length, e.Length)).First(i => i >= a.Length || i >= e.Length || a[i] != e[i]);
        return $"{file} is out of date at line {line + 1}:\n  file:     {(line < a.Length ? a[line] : "(end)")}\n  expected: {(line < e.Length ? e[line] : "(end)")}";
    }
}
