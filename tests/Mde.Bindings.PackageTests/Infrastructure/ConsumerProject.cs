namespace Mde.Bindings.PackageTests.Infrastructure;

/// <summary>
/// A consumer project copied from the test's Consumers/ folder into the fixture's temporary folder, built and run with
/// the <c>dotnet</c> CLI against the packed package.
/// </summary>
public sealed class ConsumerProject
{
    // A ceiling against a hung build, not a speed check: builds share two cores with others.
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    // The consumers restore into the fixture's private packages folder (nuget.config), not the machine's.
    private static readonly Dictionary<string, string?> Environment = new() { ["NUGET_PACKAGES"] = null };

    internal ConsumerProject(PackageFeedFixture feed, string name)
    {
        Name = name;
        Directory = Path.Combine(feed.ConsumersDirectory, name);
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new ArgumentException($"No consumer project named '{name}' under Consumers/.", nameof(name));
        }
    }

    /// <summary>The project's name: its folder and its .csproj file are named so.</summary>
    public string Name { get; }

    /// <summary>The folder the project was copied to.</summary>
    public string Directory { get; }

    /// <summary>Restores and builds the project; MSBuild's console output lists every warning and error once.</summary>
    public Task<ProcessResult> BuildAsync() =>
        DotnetCli.RunAsync(Directory, ["build", Name + ".csproj", "-tl:off", "-v:m", "-clp:NoSummary", "-nodeReuse:false"], BuildTimeout, Environment);

    /// <summary>Runs the built program.</summary>
    public Task<ProcessResult> RunAsync() =>
        DotnetCli.RunAsync(Directory, [Path.Combine("bin", "Debug", "net10.0", Name + ".dll")], RunTimeout, Environment);

    /// <summary>
    /// Runs the built program with <paramref name="arguments"/> in <paramref name="workingDirectory"/>; a null value in
    /// <paramref name="environment"/> removes that variable from the child's environment.
    /// </summary>
    public Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment) =>
        DotnetCli.RunAsync(
            workingDirectory,
            [Path.Combine(Directory, "bin", "Debug", "net10.0", Name + ".dll"), .. arguments],
            RunTimeout,
            new Dictionary<string, string?>(Environment.Concat(environment)));

    /// <summary>Writes <paramref name="content"/> to <paramref name="relativePath"/> in the project's folder.</summary>
    public void WriteFile(string relativePath, string content)
    {
        string path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>The 1-based line of the project file <paramref name="relativePath"/> that holds <paramref name="marker"/>.</summary>
    public int LineOf(string relativePath, string marker)
    {
        string[] lines = File.ReadAllLines(Path.Combine(Directory, relativePath));
        int index = Array.FindIndex(lines, line => line.Contains(marker, StringComparison.Ordinal));
        return index >= 0 ? index + 1 : throw new ArgumentException($"'{marker}' is not in {relativePath}.", nameof(marker));
    }
}
