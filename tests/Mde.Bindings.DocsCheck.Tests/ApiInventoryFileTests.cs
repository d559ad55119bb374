using Mde.Bindings.DocsCheck.DocsPages;
using Mde.Bindings.Testing;

namespace Mde.Bindings.DocsCheck;

/// <summary>docs/api-inventory.md is what the reader makes of the stored pages today.</summary>
public sealed class ApiInventoryFileTests
{
    [Fact]
    public void The_inventory_file_is_up_to_date()
    {
        string file = Path.Combine(RepositoryRoot.Path, "docs", "api-inventory.md");
        string expected = ApiInventoryWriter.Write(DocsInventory.Operations, DocsInventory.PageCommits);
        if (Environment.GetEnvironmentVariable(ApiInventoryWriter.UpdateVariable) == "1")
        {
            // Write beside, then replace: a half-written inventory never replaces a good one.
            string temporary = file + ".tmp";
            File.WriteAllText(temporary, expected);
            File.Move(temporary, file, overwrite: true);
        }

        string actual = File.Exists(file) ? File.ReadAllText(file).ReplaceLineEndings("\n") : string.Empty;
        if (actual != expected)
        {
            string[] a = actual.Split('\n');
            string[] e = expected.Split('\n');
            int line = Enumerable.Range(0, Math.Max(a.Length, e.Length)).First(i => i >= a.Length || i >= e.Length || a[i] != e[i]);
            Assert.Fail($"docs/api-inventory.md is out of date at line {line + 1}:\n  file:     {(line < a.Length ? a[line] : "(end)")}\n  expected: {(line < e.Length ? e[line] : "(end)")}\nRegenerate: {ApiInventoryWriter.UpdateVariable}=1 dotnet test tests/Mde.Bindings.DocsCheck.Tests --filter \"FullyQualifiedName~ApiInventoryFileTests\"");
        }
    }
}
