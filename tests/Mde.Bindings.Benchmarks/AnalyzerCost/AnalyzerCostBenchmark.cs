using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Mde.Bindings.Testing;

namespace Mde.Bindings.Benchmarks.AnalyzerCost;

/// <summary>
/// What the MDE analyzer adds to a consumer's build: writes a consumer project (500 files by default) that references
/// Refit, the runtime and the analyzer, builds it with <c>-p:ReportAnalyzer=true</c>, and compares the analyzer's time
/// with Refit's analyzers and the SDK's CA rules measured in the same builds. Goal: ours ≤ 2% of all analyzer time.
/// Usage: <c>analyzer-cost [--files N] [--runs R] [--warmup W] [--keep] [--compare-with path/to/Mde.Bindings.Analyzers.dll]</c>.
/// The builds use a compiler server of their own (a private pipe name, stopped by its process id at the end): the
/// first build loads and compiles every analyzer in it (the cold figures, as in a one-off CI build), the next ones
/// measure analyzers already loaded (the warm figures, as in a developer's repeated builds and the IDE). The first
/// <c>--warmup</c> warm builds (3 by default) are printed and not counted: the runtime keeps recompiling hot analyzer
/// code for a few builds (tiered compilation), and the IDE sees the steady state that follows.
/// <c>--compare-with</c> takes another build of the analyzer (an earlier commit's): a second, identical consumer
/// project uses it in a compiler server of its own, and its builds alternate with ours (ABBA), so that both see the
/// same machine load. The machine's load average is printed at the start and the end. Every build must show that the
/// analyzer ran (<see cref="AnalyzerRunCheck"/>): else the benchmark exits with 1 and says why, rather than report 0 %.
/// </summary>
internal static class AnalyzerCostBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int files = BenchmarkOptions.Int(args, "--files", 500);
        int runs = BenchmarkOptions.Int(args, "--runs", 9);
        int warmup = BenchmarkOptions.Int(args, "--warmup", 3, minimum: 0);
        bool keep = args.Contains("--keep");
        string? compareWith = AnalyzerUnderTest.CompareWith(args);

        string id = "mde-analyzer-cost-" + Guid.NewGuid().ToString("N")[..8];
        string work = Path.Combine(Path.GetTempPath(), id);
        var variants = new List<Variant>();
        try
        {
            Console.WriteLine(LoadAverage("start"));
            string oursAnalyzer = await AnalyzerUnderTest.BuildAsync(Path.Combine(work, "analyzer"));
            string runtime = typeof(DownloadLink<>).Assembly.Location;
            // The compiler server listens on a socket named after its pipe in the temporary folder: a pipe named like the
            // work folder cannot be created, and every build then falls back to a compiler of its own (cold each time).
            variants.Add(new Variant("ours", Path.Combine(work, "consumer"), id + "-csc", oursAnalyzer));
            if (compareWith is not null)
            {
                string earlier = AnalyzerUnderTest.CopyEarlier(compareWith, Path.Combine(work, "analyzer-earlier"));
                variants.Add(new Variant("earlier", Path.Combine(work, "consumer-earlier"), id + "-csc-earlier", earlier));
            }

            foreach (Variant variant in variants)
            {
                ConsumerProjectWriter.Write(variant.Directory, files, runtime, variant.Analyzer);
                await DotnetAsync(variant.Directory, ["restore", "-nodeReuse:false"]);
            }

            Console.Error.WriteLine($"consumer project: {files} files in {variants[0].Directory}");
            for (int run = 0; run <= warmup + runs; run++)
            {
                // ABBA: alternate which variant builds first, so a drift in the machine's load favours neither.
                IEnumerable<Variant> order = run % 2 == 0 ? variants : Enumerable.Reverse(variants);
                foreach (Variant variant in order)
                {
                    // --no-incremental recompiles everything, in this variant's own compiler server.
                    string output = await DotnetAsync(variant.Directory, ["build", "--no-restore", "--no-incremental", "-c", "Release", "-v:d", "-nodeReuse:false", "-p:UseSharedCompilation=true", "-p:SharedCompilationId=" + variant.PipeName, "-p:ReportAnalyzer=true"]);
                    // First: an analyzer that did not load also makes the server refuse the compilation, and this says why.
                    AnalyzerReport report = AnalyzerReport.Parse(output);
                    if (AnalyzerRunCheck.Failure(output, report, AnalyzerUnderTest.AssemblyName) is { } failure)
                    {
                        Console.Error.WriteLine($"analyzer-cost: {variant.Label} build {run}: {failure}");
                        return 1;
                    }

                    if (!output.Contains("CompilerServer: server - server processed compilation", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"The build of {variant.Directory} did not run in the compiler server '{variant.PipeName}': warm figures would include loading and compiling every analyzer.");
                    }

                    string label = (run == 0 ? "cold" : run <= warmup ? $"warmup {run}" : $"warm {run - warmup}") + (variants.Count > 1 ? " " + variant.Label : string.Empty);
                    Console.WriteLine($"{label,-16} total analyzers {report.TotalAnalyzerMs,8:F0} ms | ours {report.Analyzers(AnalyzerUnderTest.AssemblyName),6:F0} ms ({Share(report),6:P2}) | Refit analyzers {report.Analyzers("Refit"),6:F0} ms | Refit generator {report.Generators("InterfaceStubGenerator"),6:F0} ms | CA {CaMs(report),8:F0} ms");
                    if (run == 0)
                    {
                        variant.Cold = report;
                    }
                    else if (run > warmup)
                    {
                        variant.Warm.Add(report);
                    }
                }
            }

            Console.WriteLine(LoadAverage("end"));
            Variant ours = variants[0];
            Console.WriteLine("analyzer assemblies (last run):");
            foreach (KeyValuePair<string, double> pair in ours.Warm[^1].AnalyzerMs.OrderByDescending(p => p.Value))
            {
                Console.WriteLine($"  {pair.Value,8:F1} ms  {pair.Key}");
            }

            foreach (Variant variant in variants)
            {
                Summary s = variant.Summarize();
                string who = variants.Count > 1 ? variant.Label + ", " : string.Empty;
                Console.WriteLine($"{who}cold: ours {s.ColdOurs:F0} ms = {s.ColdShare:P2} of {s.ColdTotal:F0} ms analyzer time (includes loading and JIT-compiling the analyzer; the SDK's CA assemblies are precompiled)");
                Console.WriteLine($"{who}warm, median of {runs}: ours {s.Ours:F0} ms, {s.Share:P2} of the build's analyzer time (per build {s.Lowest:P2} to {s.Highest:P2}; goal <= 2%); total {s.Total:F0} ms; Refit {s.Refit:F0} ms (+ generator {s.RefitGenerator:F0} ms); CA {s.Ca:F0} ms");
            }

            if (variants.Count > 1)
            {
                Summary now = variants[0].Summarize();
                Summary before = variants[1].Summarize();
                Console.WriteLine($"ours against the earlier build, same session: median share {now.Share:P2} against {before.Share:P2}, median time {now.Ours:F0} ms against {before.Ours:F0} ms ({(now.Ours / before.Ours) - 1:+0%;-0%})");
            }

            Summary summary = ours.Summarize();
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["benchmark"] = "analyzer-cost",
                ["files"] = files,
                ["runs"] = runs,
                ["warmup"] = warmup,
                ["ours_ms"] = Math.Round(summary.Ours, 1),
                ["refit_ms"] = Math.Round(summary.Refit, 1),
                ["refit_generator_ms"] = Math.Round(summary.RefitGenerator, 1),
                ["ca_ms"] = Math.Round(summary.Ca, 1),
                ["total_analyzer_ms"] = Math.Round(summary.Total, 1),
                ["ours_share"] = Math.Round(summary.Share, 4),
                ["ours_share_highest"] = Math.Round(summary.Highest, 4),
                ["cold_ours_ms"] = Math.Round(summary.ColdOurs, 1),
                ["cold_total_analyzer_ms"] = Math.Round(summary.ColdTotal, 1),
                ["cold_ours_share"] = Math.Round(summary.ColdShare, 4),
            }));
            return 0;
        }
        finally
        {
            StopCompilerServers(id);
            foreach (Variant variant in variants)
            {
                // A stopped server leaves its socket behind.
                string socket = Path.Combine(Path.GetTempPath(), variant.PipeName);
                if (File.Exists(socket))
                {
                    File.Delete(socket);
                }
            }

            if (!keep && Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    // The share is taken per build (ours and the total come from the same compilation).
    private static double Share(AnalyzerReport report) => report.TotalAnalyzerMs > 0 ? report.Analyzers(AnalyzerUnderTest.AssemblyName) / report.TotalAnalyzerMs : 0;

    /// <summary>The 1-minute load average and the core count: the figures are only comparable between runs on similar load.</summary>
    internal static string LoadAverage(string when)
    {
        const string Source = "/proc/loadavg";
        string load = File.Exists(Source) ? File.ReadAllText(Source).Split(' ')[0] : "unknown";
        return $"load average at {when}: {load} ({Environment.ProcessorCount} cores)";
    }

    /// <summary>Stops the compiler servers these builds started: the processes whose command line carries this run's pipe names.</summary>
    private static void StopCompilerServers(string pipeNamePrefix)
    {
        foreach (Process process in Process.GetProcesses())
        {
            using (process)
            {
                string commandLine = Path.Combine("/proc", process.Id.ToString(CultureInfo.InvariantCulture), "cmdline");
                try
                {
                    if (File.Exists(commandLine) && File.ReadAllText(commandLine).Contains(pipeNamePrefix, StringComparison.Ordinal))
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

    internal static async Task<string> DotnetAsync(string directory, IReadOnlyList<string> arguments)
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

    internal static string? StringOption(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? Path.GetFullPath(args[index + 1]) : null;
    }

    /// <summary>One analyzer build under test: its consumer project, its compiler server and its reports.</summary>
    private sealed class Variant(string label, string directory, string pipeName, string analyzer)
    {
        public string Label { get; } = label;

        public string Directory { get; } = directory;

        public string PipeName { get; } = pipeName;

        public string Analyzer { get; } = analyzer;

        public AnalyzerReport? Cold { get; set; }

        public List<AnalyzerReport> Warm { get; } = [];

        public Summary Summarize()
        {
            AnalyzerReport cold = Cold ?? throw new InvalidOperationException("No cold build was measured.");
            double[] shares = Warm.Select(Share).ToArray();
            return new Summary(
                Ours: Timing.Median(Warm.Select(r => r.Analyzers(AnalyzerUnderTest.AssemblyName))),
                Refit: Timing.Median(Warm.Select(r => r.Analyzers("Refit"))),
                RefitGenerator: Timing.Median(Warm.Select(r => r.Generators("InterfaceStubGenerator"))),
                Ca: Timing.Median(Warm.Select(CaMs)),
                Total: Timing.Median(Warm.Select(r => r.TotalAnalyzerMs)),
                Share: Timing.Median(shares),
                Lowest: shares.Min(),
                Highest: shares.Max(),
                ColdOurs: cold.Analyzers(AnalyzerUnderTest.AssemblyName),
                ColdTotal: cold.TotalAnalyzerMs,
                ColdShare: Share(cold));
        }
    }

    private sealed record Summary(
        double Ours, double Refit, double RefitGenerator, double Ca, double Total, double Share, double Lowest, double Highest, double ColdOurs, double ColdTotal, double ColdShare);
}
