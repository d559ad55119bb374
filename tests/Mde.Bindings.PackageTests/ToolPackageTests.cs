using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using Mde.Bindings.PackageTests.Infrastructure;

namespace Mde.Bindings.PackageTests;

/// <summary>
/// <c>mde-lr</c> as a .NET tool: the packed tool package is installed with <c>dotnet tool install --tool-path</c> into
/// a temporary folder and run by its command, against the emulator it starts in its own process.
/// </summary>
[Collection(PackageTestsCollection.Name)]
public sealed class ToolPackageTests(PackageFeedFixture feed)
{
    [Fact]
    public void Package_is_a_dotnet_tool_with_id_and_command_mde_lr_that_asks_for_ASP_NET_Core()
    {
        using ZipArchive package = ZipFile.OpenRead(feed.PackagePath(InstalledTool.PackageId));
        XElement metadata = Child(Load(package, "mde-lr.nuspec").Root!, "metadata")!;

        Assert.Equal("mde-lr", Child(metadata, "id")?.Value);
        Assert.Equal(feed.Version, Child(metadata, "version")?.Value);
        Assert.Equal("DotnetTool", Child(Child(metadata, "packageTypes")!, "packageType")?.Attribute("name")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(Child(metadata, "description")?.Value));
        Assert.Equal("README.md", Child(metadata, "readme")?.Value);
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "src", "Mde.Bindings.Cli", "README.md")), ReadAllBytes(package.GetEntry("README.md")!));

        // A tool package carries everything it runs with: no package dependency to restore at install time.
        Assert.Null(Child(metadata, "dependencies"));

        XElement command = Assert.Single(Load(package, "tools/net10.0/any/DotnetToolSettings.xml").Descendants(), e => e.Name.LocalName == "Command");
        Assert.Equal(("mde-lr", "mde-lr.dll"), (command.Attribute("Name")?.Value, command.Attribute("EntryPoint")?.Value));

        // The embedded emulator is an ASP.NET Core app: the runtime must load that shared framework beside .NET's.
        using JsonDocument runtimeConfig = JsonDocument.Parse(ReadAllBytes(package.GetEntry("tools/net10.0/any/mde-lr.runtimeconfig.json")!));
        string[] frameworks = runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("frameworks").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToArray();
        Assert.Contains("Microsoft.AspNetCore.App", frameworks);
        Assert.NotNull(package.GetEntry("tools/net10.0/any/Mde.Bindings.Emulator.dll"));
    }

    [Fact]
    public async Task Installed_tool_runs_the_main_job_against_the_embedded_emulator_and_prints_json()
    {
        InstalledTool tool = await InstallAsync();

        ToolRun run = await tool.RunAsync("run", "--machine", "demo-device", "--script", "minidump.ps1", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement root = ParseJson(run);
        JsonElement transcript = Assert.Single(root.EnumerateArray());
        Assert.Equal("minidump.ps1", transcript.GetProperty("script_name").GetString());
        Assert.Equal(0, transcript.GetProperty("exit_code").GetInt32());
        Assert.Contains(".dmp.zip", transcript.GetProperty("script_output").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, transcript.GetProperty("script_errors").ValueKind);
        Assert.Contains("embedded emulator", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Installed_tool_keeps_a_fleet_job_in_its_sqlite_journal()
    {
        InstalledTool tool = await InstallAsync();
        DirectoryInfo folder = Directory.CreateTempSubdirectory("mde-lr-tool-job-");
        try
        {
            string devices = Path.Combine(folder.FullName, "devices.txt");
            string journal = Path.Combine(folder.FullName, "job.db");
            await File.WriteAllTextAsync(devices, "demo-device\n");

            // The journal is SQLite through the package's native library: this proves the tool's layout loads it.
            ToolRun run = await tool.RunAsync("run", "--machines", devices, "--script", "minidump.ps1", "--job", journal, "--json");
            ToolRun status = await tool.RunAsync("job", "status", "--job", journal);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal("demo-device", Assert.Single(ParseJson(run).EnumerateArray()).GetProperty("machine_id").GetString());
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Matches(@"(?m)^\s+Succeeded\s+1$", status.Out);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Installed_tool_shows_help_and_refuses_a_wrong_command_line_with_exit_2()
    {
        InstalledTool tool = await InstallAsync();

        ToolRun help = await tool.RunAsync("--help");
        ToolRun wrong = await tool.RunAsync("run", "--machine", "demo-device");

        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("mde-lr [command] [options]", help.Out, StringComparison.Ordinal);
        Assert.Contains("run", help.Out, StringComparison.Ordinal);
        Assert.True(wrong.ExitCode == 2, wrong.ToString());
        Assert.Contains("--script", wrong.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, wrong.Out);
    }

    private async Task<InstalledTool> InstallAsync()
    {
        (InstalledTool tool, ProcessResult install) = await InstalledTool.InstallAsync(feed);
        Assert.True(install.ExitCode == 0, install.Describe());
        Assert.True(File.Exists(tool.CommandPath), $"No command at {tool.CommandPath} after the install: {install.Describe()}");
        return tool;
    }

    private static JsonElement ParseJson(ToolRun run)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(run.Out);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not JSON ({e.Message}): {run}");
        }
    }

    private static XDocument Load(ZipArchive package, string entry)
    {
        using Stream stream = package.GetEntry(entry)!.Open();
        return XDocument.Load(stream);
    }

    private static byte[] ReadAllBytes(ZipArchiveEntry entry)
    {
        using var content = new MemoryStream();
        using (Stream stream = entry.Open())
        {
            stream.CopyTo(content);
        }

        return content.ToArray();
    }

    // The nuspec's XML namespace follows the schema version the features used need: match on local names.
    private static XElement? Child(XElement parent, string localName) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);
}
