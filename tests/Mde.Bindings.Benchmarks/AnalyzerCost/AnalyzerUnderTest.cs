using Mde.Bindings.Testing;

namespace Mde.Bindings.Benchmarks.AnalyzerCost;

/// <summary>
/// The analyzer builds that <c>analyzer-cost</c> and <c>analyzer-walk</c> measure: ours, built from this tree in Release,
/// and the earlier one that <c>--compare-with</c> names, copied first (the given file may be rebuilt while a benchmark runs).
/// </summary>
internal static class AnalyzerUnderTest
{
    public const string AssemblyName = "Mde.Bindings.Analyzers";

    /// <summary>The <c>--compare-with</c> file, or null when it is not given; a missing file fails at once.</summary>
    public static string? CompareWith(string[] args)
    {
        string? path = AnalyzerCostBenchmark.StringOption(args, "--compare-with");
        if (path is not null && !File.Exists(path))
        {
            throw new FileNotFoundException($"--compare-with must name a built {AssemblyName}.dll; '{path}' does not exist.", path);
        }

        return path;
    }

    /// <summary>Builds our analyzer into <paramref name="directory"/> and gives the assembly's path.</summary>
    public static async Task<string> BuildAsync(string directory)
    {
        string root = RepositoryRoot.Path;
        await AnalyzerCostBenchmark.DotnetAsync(root, ["build", Path.Combine(root, "analyzers", AssemblyName, AssemblyName + ".csproj"), "-c", "Release", "-o", directory, "-nodeReuse:false", "-p:UseSharedCompilation=false"]);
        return Path.Combine(directory, AssemblyName + ".dll");
    }

    /// <summary>Copies the earlier build into <paramref name="directory"/> and gives the copy's path.</summary>
    public static string CopyEarlier(string compareWith, string directory)
    {
        Directory.CreateDirectory(directory);
        string copy = Path.Combine(directory, AssemblyName + ".dll");
        File.Copy(compareWith, copy);
        return copy;
    }
}
