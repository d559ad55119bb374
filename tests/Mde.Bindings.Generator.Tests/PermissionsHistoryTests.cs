using Mde.Bindings.Generator.Tests.Infrastructure;

namespace Mde.Bindings.Generator.Tests;

/// <summary>
/// <c>x-permissions-history</c>, the one note the generator reads: the permissions earlier published versions listed
/// reach the generated description (the runtime's permission preflight accepts them); a malformed note is skipped
/// like any other <c>x-</c> key, never reported.
/// </summary>
public sealed class PermissionsHistoryTests
{
    private static string Spec(string history) => $$"""
        {
          "specVersion": 1,
          "name": "Sample",
          "namespace": "Contoso.Sample",
          "audience": "https://api.contoso.test",
          "endpoints": {
            "GetThing": {
              "method": "GET",
              "path": "/api/things",
              "permissions": { "application": ["Thing.ReadWrite.All"], "delegated": ["Thing.ReadWrite"] },
              "x-permissions-history": {{history}}
            }
          }
        }
        """;

    private static string Description(string history)
    {
        GenerationResult result = GeneratorHarness.Run(("/specs/sample.api.json", Spec(history)));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
        return result.Sources.Single(s => s.HintName.Contains("Description", StringComparison.Ordinal)).SourceText.ToString();
    }

    [Fact]
    public void Former_permissions_not_in_the_current_lists_are_emitted_once_each()
    {
        string code = Description("""
            [
              { "source": "docs@1", "application": ["Thing.Read.All", "Thing.ReadWrite.All"], "delegated": ["Thing.Read"] },
              { "source": "docs@0", "application": ["Thing.Read.All", "Thing.Manage"] }
            ]
            """);

        Assert.Contains("formerApplicationPermissions: new string[] { \"Thing.Read.All\", \"Thing.Manage\" },", code, StringComparison.Ordinal);
        Assert.Contains("formerDelegatedPermissions: new string[] { \"Thing.Read\" });", code, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"older pages said Thing.Read.All\"")]
    [InlineData("[ \"Thing.Read.All\", 3, { \"application\": \"Thing.Read.All\" }, { \"application\": [1, \" \"] } ]")]
    [InlineData("[ { \"application\": [\"Thing.ReadWrite.All\"], \"delegated\": [\"Thing.ReadWrite\"] } ]")]
    public void A_note_with_nothing_new_or_nothing_readable_leaves_the_description_as_before(string history)
    {
        string code = Description(history);

        Assert.DoesNotContain("formerApplicationPermissions", code, StringComparison.Ordinal);
    }
}
