using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Mde.Bindings.Benchmarks.AnalyzerCost;

/// <summary>
/// What the MDE analyzer adds to a consumer's build: writes a consumer project (500 files by default) that references
/// Refit, the runtime and the analyzer, builds it with <c>-p:ReportAnalyzer=true</c>, and compares the analyzer's time
/// with Refit's analyzers and the SDK's CA rules measured in the same builds. Goal: ours ≤ 2% of all analyzer time.
/// Usage: <c>analyzer-cost [--files N] [--runs R] [--keep]</c>.
/// The builds use a compiler server of their own (a private pipe name, stopped by its process id at the end): the
/// first build loads and compiles every analyzer in it (the cold figures, as in a one-off CI build), the next ones
/// measure analyzers already loaded (the warm figures, as in a developer's repeated builds and the IDE).
/// </summary>
internal static class AnalyzerCostBenchmark
{
    private const string OursAssembly = "Mde.Bindings.Analyzers";

    public static async Task<int> RunAsync(string[] args)
    {
        int files = IntOption(args, "--files", 500);
        int runs = IntOption(args, "--runs", 3);
        bool keep = args.Contains("--keep");
        string root = RepositoryRoot();
        string id = "mde-analyzer-cost-" + Guid.NewGuid().ToString("N")[..8];
        string work = Path.Combine(Path.GetTempPath(), id);
        try
        {
            string analyzerOutput = Path.Combine(work, "analyzer");
            await DotnetAsync(root, ["build", Path.Combine(root, "analyzers", OursAssembly, OursAssembly + ".csproj"), "-c", "Release", "-o", analyzerOutput, "-nodeReuse:false", "-p:UseSharedCompilation=false"]);
            string runtime = typeof(DownloadLink<>).Assembly.Location;
            string consumer = Path.Combine(work, "consumer");
            ConsumerProjectWriter.Write(consumer, files, runtime, Path.Combine(analyzerOutput, OursAssembly + ".dll"));
            Console.Error.WriteLine($"consumer project: {files} files in {consumer}");

            await DotnetAsync(consumer, ["restore", "-nodeReuse:false"]);
            var reports = new List<AnalyzerReport>();
            AnalyzerReport? cold = null;
            for (int run = 0; run <= runs; run++)
            {
                // --no-incremental recompiles everything, in this benchmark's own compiler server.
                string output = await DotnetAsync(consumer, ["build", "--no-restore", "--no-incremental", "-c", "Release", "-v:d", "-nodeReuse:false", "-p:UseSharedCompilation=true", "-p:SharedCompilationId=" + id, "-p:ReportAnalyzer=true"]);
                AnalyzerReport report = AnalyzerReport.Parse(output);
                cold ??= report;
                string label = run == 0 ? "cold" : $"warm {run}";
                Console.WriteLine($"{label,-8} total analyzers {report.TotalAnalyzerMs,8:F0} ms | ours {report.Analyzers(OursAssembly),6:F0} ms ({report.Analyzers(OursAssembly) / report.TotalAnalyzerMs,6:P2}) | Refit analyzers {report.Analyzers("Refit"),6:F0} ms | Refit generator {report.Generators("InterfaceStubGenerator"),6:F0} ms | CA {CaMs(report),8:F0} ms");
                if (run > 0)
                {
                    reports.Add(report);
                }
            }

            AnalyzerReport last = reports[^1];
            Console.WriteLine("analyzer assemblies (last run):");
            foreach (KeyValuePair<string, double> pair in last.AnalyzerMs.OrderByDescending(p => p.Value))
            {
                Console.WriteLine($"  {pair.Value,8:F1} ms  {pair.Key}");
            }

            double ours = Median(reports.Select(r => r.Analyzers(OursAssembly)));
            double refit = Median(reports.Select(r => r.Analyzers("Refit")));
            double refitGenerator = Median(reports.Select(r => r.Generators("InterfaceStubGenerator")));
            double ca = Median(reports.Select(CaMs));
            double total = Median(reports.Select(r => r.TotalAnalyzerMs));
            // The share is taken per build (ours and the total come from the same compilation), then the median.
            double share = Median(reports.Select(r => r.TotalAnalyzerMs > 0 ? r.Analyzers(OursAssembly) / r.TotalAnalyzerMs : 0));
            double highest = reports.Max(r => r.TotalAnalyzerMs > 0 ? r.Analyzers(OursAssembly) / r.TotalAnalyzerMs : 0);
            double coldOurs = cold!.Analyzers(OursAssembly);
            double coldShare = cold.TotalAnalyzerMs > 0 ? coldOurs / cold.TotalAnalyzerMs : 0;
            Console.WriteLine($"cold: ours {coldOurs:F0} ms = {coldShare:P2} of {cold.TotalAnalyzerMs:F0} ms analyzer time (includes loading and JIT-compiling the analyzer; the SDK's CA assemblies are precompiled)");
            Console.WriteLine($"warm, median of {runs}: ours {ours:F0} ms, {share:P2} of the build's analyzer time (highest {highest:P2}; goal <= 2%); total {total:F0} ms; Refit {refit:F0} ms (+ generator {refitGenerator:F0} ms); CA {ca:F0} ms");
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["benchmark"] = "analyzer-cost",
                ["files"] = files,
                ["runs"] = runs,
                ["ours_ms"] = Math.Round(ours, 1),
                ["refit_ms"] = Math.Round(refit, 1),
                ["refit_generator_ms"] = Math.Round(refitGenerator, 1),
                ["ca_ms"] = Math.Round(ca, 1),
                ["total_analyzer_ms"] = Math.Round(total, 1),
                ["ours_share"] = Math.Round(share, 4),
                ["ours_share_highest"] = Math.Round(highest, 4),
                ["cold_ours_ms"] = Math.Round(coldOurs, 1),
                ["cold_total_analyzer_ms"] = Math.Round(cold.TotalAnalyzerMs, 1),
                ["cold_ours_share"] = Math.Round(coldShare, 4),
            }));
            return 0;
        }
        finally
        {
            StopCompilerServer(id);
            if (!keep && Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>Stops the compiler server these builds started: the one process whose command line carries this run's pipe name.</summary>
    private static void StopCompilerServer(string pipeName)
    {
        foreach (Process process in Process.GetProcesses())
        {
            using (process)
            {
                string commandLine = Path.Combine("/proc", process.Id.ToString(CultureInfo.InvariantCulture), "cmdline");
                try
                {
                    if (File.Exists(commandLine) && File.ReadAllText(commandLine).Contains(pipeName, StringComparison.Ordinal))
                    {
                        process.Kill();
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // The process ended meanwhile, or is not ours to read.
                }
            }
        }
    }

    // The SDK's CA rules ship in two assemblies: the language-neutral one and the C# one.
    private static double CaMs(AnalyzerReport report) =>
        report.Analyzers("Microsoft.CodeAnalysis.NetAnalyzers") + report.Analyzers("Microsoft.CodeAnalysis.CSharp.NetAnalyzers");

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task<string> DotnetAsync(string directory, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Variables that `dotnet run` sets for its own build must not steer the child builds.
        foreach (string name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(name);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            string tail = string.Join('\n', output.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(20));
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}) in {directory}:\n{tail}\n{await error}");
        }

        return output;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : fallback;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bindings.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmark from a clone of the repository (no Bindings.sln above the program).");
    }
}
