namespace Mde.Bindings.Tests;

public sealed class RedactionTests
{
    [Fact]
    public void Redact_removes_the_query_of_a_sas_link()
    {
        var uri = new Uri("https://core.windows.net/investigation-actions-data/ID/out/4ed5?se=2021-02-04T16%3A13%3A50Z&sp=r&sig=abc%3D");
        string text = Redaction.Redact(uri);
        Assert.Equal("https://core.windows.net/investigation-actions-data/ID/out/4ed5?[redacted]", text);
        Assert.DoesNotContain("sig", text);
    }

    [Fact]
    public void Redact_hides_the_path_of_a_scheme_without_queries()
    {
        string text = Redaction.Redact(new Uri("ftp://storage.example.net/result?sig=abc"));
        Assert.Equal("ftp://storage.example.net/[redacted]", text);
    }
}
