using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mde.Bindings.Testing;

namespace Mde.Bindings.Benchmarks.CliStartup;

/// <summary>
/// Start-up of <c>mde-lr</c> published with native AOT against the JIT build (a framework-dependent
/// <c>dotnet publish</c>, run through its apphost), both published in this run from the same sources into a temporary
/// folder. Measures the time to <c>--help</c> and a whole run of the main job against the embedded emulator
/// (<c>run --machine demo-device --script minidump.ps1 --json</c>), alternating the two builds, after warm-up runs;
/// the figures are medians. Also counts the trim and AOT warnings (IL2xxx, IL3xxx) of the AOT publish and gives the
/// size of each build. Usage: <c>cli-startup [--help-runs N] [--job-runs N] [--warmup W] [--keep]</c>.
/// </summary>
internal static partial class CliStartupBenchmark
{
    private static readonly string[] HelpArguments = ["--help"];
    private static readonly string[] JobArguments = ["run", "--machine", "demo-device", "--script", "minidump.ps1", "--json"];

    // Variables that would send the job somewhere else than the embedded emulator, or steer the child builds.
    private static readonly string[] ClearedVariables =
    [
        "MDE_TENANT_ID", "MDE_CLIENT_ID", "MDE_CLIENT_SECRET", "MDE_CLIENT_CERTIFICATE", "MDE_CLOUD", "MDE_EMULATOR_URL",
        "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        int helpRuns = BenchmarkOptions.Int(args, "--help-runs", 21);
        int jobRuns = BenchmarkOptions.Int(args, "--job-runs", 7);
        int warmup = BenchmarkOptions.Int(args, "--warmup", 2, minimum: 0);
        bool keep = args.Contains("--keep");
        string rid = RuntimeInformation.RuntimeIdentifier;
        string work = Path.Combine(Path.GetTempPath(), "mde-cli-startup-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Console.WriteLine(LoadAverage("start"));
            Build jit = await PublishAsync("jit", work, []);
            Build aot = await PublishAsync("aot", work, ["-r", rid, "-p:PublishAot=true"]);
            Console.WriteLine($"jit publish {jit.PublishSeconds,6:F1} s, {jit.TrimWarnings} trim/AOT warnings, {Mib(jit.SizeBytes):F1} MiB in {jit.FileCount} files (+ the shared .NET and ASP.NET Core runtimes it needs)");
            Console.WriteLine($"aot publish {aot.PublishSeconds,6:F1} s, {aot.TrimWarnings} trim/AOT warnings, {Mib(aot.SizeBytes):F1} MiB in {aot.FileCount} file ({rid}, self-contained)");
            foreach (string warning in aot.Warnings)
            {
                Console.WriteLine("  " + warning);
            }

            Comparison help = await CompareAsync("--help", aot, jit, HelpArguments, warmup, helpRuns, CheckHelp);
            Comparison job = await CompareAsync("run --json", aot, jit, JobArguments, warmup, jobRuns, CheckJob);
            Console.WriteLine(LoadAverage("end"));

            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["benchmark"] = "cli-startup",
                ["rid"] = rid,
                ["help_runs"] = helpRuns,
                ["job_runs"] = jobRuns,
                ["aot_trim_warnings"] = aot.TrimWarnings,
                ["help_ms"] = Round(help.Aot.WallMs),
                ["job_ms"] = Round(job.Aot.WallMs),
                ["help_cpu_ms"] = Round(help.Aot.CpuMs),
                ["job_cpu_ms"] = Round(job.Aot.CpuMs),
                ["size_bytes"] = aot.SizeBytes,
                ["publish_s"] = Math.Round(aot.PublishSeconds, 1),
                ["help_speedup"] = Math.Round(help.Jit.WallMs / help.Aot.WallMs, 2),
                ["job_speedup"] = Math.Round(job.Jit.WallMs / job.Aot.WallMs, 2),
                ["baseline"] = new Dictionary<string, object?>
                {
                    ["name"] = "jit-framework-dependent-apphost",
                    ["help_ms"] = Round(help.Jit.WallMs),
                    ["job_ms"] = Round(job.Jit.WallMs),
                    ["help_cpu_ms"] = Round(help.Jit.CpuMs),
                    ["job_cpu_ms"] = Round(job.Jit.CpuMs),
                    ["size_bytes"] = jit.SizeBytes,
                    ["publish_s"] = Math.Round(jit.PublishSeconds, 1),
                },
            }));
            return aot.TrimWarnings == 0 ? 0 : 1;
        }
        finally
        {
            if (!keep && Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
            else if (keep)
            {
                Console.Error.WriteLine($"kept: {work}");
            }
        }
    }

    /// <summary>Publishes the tool into its own folder, with build outputs of its own (nothing written into the repository).</summary>
    private static async Task<Build> PublishAsync(string name, string work, IReadOnlyList<string> options)
    {
        string output = Path.Combine(work, name);
        string project = Path.Combine(RepositoryRoot.Path, "src", "Mde.Bindings.Cli", "Mde.Bindings.Cli.csproj");
        Console.Error.WriteLine($"publishing the {name} build…");
        long start = Stopwatch.GetTimestamp();
        string log = await DotnetAsync(work, ["publish", project, "-c", "Release", "-o", output, $"-p:ArtifactsPath={Path.Combine(work, "artifacts-" + name)}", "-tl:off", "-v:m", "-nodeReuse:false", .. options]);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        // The console logger may repeat a warning in its summary: count each once.
        string[] warnings = log.Split('\n').Where(line => TrimWarning().IsMatch(line)).Select(line => line.Trim()).Distinct().ToArray();
        string executable = Path.Combine(output, OperatingSystem.IsWindows() ? "mde-lr.exe" : "mde-lr");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"The {name} publish made no {Path.GetFileName(executable)} in {output}.");
        }

        // What runs: symbols (.pdb, .dbg) and XML documentation are left out.
        FileInfo[] files = new DirectoryInfo(output).GetFiles("*", SearchOption.AllDirectories)
            .Where(f => f.Extension is not (".pdb" or ".dbg" or ".xml")).ToArray();
        if (name == "aot")
        {
            files = [new FileInfo(executable)];
        }

        return new Build(name, executable, warnings, files.Sum(f => f.Length), files.Length, seconds);
    }

    private static async Task<Comparison> CompareAsync(string label, Build aot, Build jit, string[] arguments, int warmup, int runs, Action<Build, RunResult> check)
    {
        var samples = new Dictionary<Build, List<RunResult>> { [aot] = [], [jit] = [] };
        for (int i = 0; i < warmup + runs; i++)
        {
            // Alternating, and swapping who goes first: a drift in the machine's load favours neither build.
            Build[] order = i % 2 == 0 ? [aot, jit] : [jit, aot];
            foreach (Build build in order)
            {
                RunResult result = await RunToolAsync(build, arguments);
                check(build, result);
                if (i >= warmup)
                {
                    samples[build].Add(result);
                }
            }
        }

        Figures Summarize(Build build) => new(
            Timing.Median(samples[build].Select(r => r.WallMs)),
            ChildCpuTime.IsSupported ? Timing.Median(samples[build].Select(r => r.CpuMs)) : null,
            samples[build].Min(r => r.WallMs),
            samples[build].Max(r => r.WallMs));
        Figures a = Summarize(aot);
        Figures j = Summarize(jit);
        Console.WriteLine($"{label,-11} aot {Describe(a)}");
        Console.WriteLine($"{label,-11} jit {Describe(j)}");
        Console.WriteLine($"{label,-11} aot is {j.WallMs / a.WallMs:F2}x as fast (wall, median of {runs}){(a.CpuMs is { } ac && j.CpuMs is { } jc ? $", uses {jc / ac:F1}x less CPU" : string.Empty)}");
        return new Comparison(a, j);
    }

    private static string Describe(Figures f) =>
        $"median {f.WallMs,8:F1} ms (range {f.MinMs:F1}–{f.MaxMs:F1}){(f.CpuMs is { } cpu ? $", CPU {cpu,7:F1} ms" : string.Empty)}";

    private static async Task<RunResult> RunToolAsync(Build build, string[] arguments)
    {
        var start = new ProcessStartInfo(build.Executable) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in ClearedVariables)
        {
            start.Environment.Remove(name);
        }

        TimeSpan cpuBefore = ChildCpuTime.IsSupported ? ChildCpuTime.Total() : TimeSpan.Zero;
        long began = Stopwatch.GetTimestamp();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {build.Executable}.");
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        double wallMs = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
        double cpuMs = ChildCpuTime.IsSupported ? (ChildCpuTime.Total() - cpuBefore).TotalMilliseconds : 0;
        return new RunResult(process.ExitCode, await output, await error, wallMs, cpuMs);
    }

    private static void CheckHelp(Build build, RunResult result)
    {
        if (result.ExitCode != 0 || !result.Output.Contains("Usage:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{build.Name}: mde-lr --help exited {result.ExitCode} without its usage:\n{result.Output}\n{result.Error}");
        }
    }

    // Only a run that did the whole job counts: exit 0 and one transcript of the demo script, as JSON, on stdout.
    private static void CheckJob(Build build, RunResult result)
    {
        string problem;
        try
        {
            using JsonDocument document = JsonDocument.Parse(result.Output);
            JsonElement root = document.RootElement;
            problem = result.ExitCode != 0 ? $"exit code {result.ExitCode}"
                : root.ValueKind != JsonValueKind.Array || root.GetArrayLength() != 1 ? "stdout is not a JSON array of one transcript"
                : root[0].GetProperty("script_name").GetString() != "minidump.ps1" || root[0].GetProperty("exit_code").GetInt32() != 0 ? "the transcript is not minidump.ps1's with exit code 0"
                : string.Empty;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            problem = "stdout is not the transcripts' JSON: " + e.Message;
        }

        if (problem.Length > 0)
        {
            throw new InvalidOperationException($"{build.Name}: the job failed ({problem}):\n{result.Output}\n{result.Error}");
        }
    }

    private static async Task<string> DotnetAsync(string directory, IReadOnlyList<string> arguments)
    {
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in ClearedVariables)
        {
            start.Environment.Remove(name);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            string errors = string.Join('\n', output.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Distinct().Take(20));
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{errors}\n{await error}");
        }

        return output;
    }

    /// <summary>The 1-minute load average and the core count: the figures are only comparable between runs on similar load.</summary>
    private static string LoadAverage(string when)
    {
        const string Source = "/proc/loadavg";
        string load = File.Exists(Source) ? File.ReadAllText(Source).Split(' ')[0] : "unknown";
        return $"load average at {when}: {load} ({Environment.ProcessorCount} cores)";
    }

    private static double Mib(long bytes) => bytes / (1024.0 * 1024.0);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;

    // The trim analysis (IL2xxx) and AOT analysis (IL3xxx) warnings, as MSBuild's console logger prints them.
    [GeneratedRegex(@"warning IL[23]\d{3}")]
    private static partial Regex TrimWarning();

    private sealed record Build(string Name, string Executable, IReadOnlyList<string> Warnings, long SizeBytes, int FileCount, double PublishSeconds)
    {
        public int TrimWarnings => Warnings.Count;
    }

    private sealed record RunResult(int ExitCode, string Output, string Error, double WallMs, double CpuMs);

    private sealed record Figures(double WallMs, double? CpuMs, double MinMs, double MaxMs);

    private sealed record Comparison(Figures Aot, Figures Jit);
}
