using Mde.Bindings.Benchmarks;

// One benchmark per name; each prints its figures and ends with one JSON line (ours beside the baseline's).
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["analyzer-cost"] = Mde.Bindings.Benchmarks.AnalyzerCost.AnalyzerCostBenchmark.RunAsync,
    ["analyzer-walk"] = Mde.Bindings.Benchmarks.AnalyzerCost.AnalyzerWalkBenchmark.RunAsync,
    ["cli-startup"] = Mde.Bindings.Benchmarks.CliStartup.CliStartupBenchmark.RunAsync,
    ["download"] = DownloadBenchmark.RunAsync,
    ["fleet"] = Mde.Bindings.Benchmarks.Fleet.FleetBenchmark.RunAsync,
    ["generator"] = GeneratorBenchmark.RunAsync,
    ["overhead"] = OverheadBenchmark.RunAsync,
    ["throttle"] = Mde.Bindings.Benchmarks.Throttle.ThrottleBenchmark.RunAsync,
    ["throttle-distributed"] = Mde.Bindings.Benchmarks.Distributed.DistributedThrottleBenchmark.RunAsync,
};

// A worker process of throttle-distributed: not a benchmark of its own, so not listed.
if (args.Length > 0 && args[0] == Mde.Bindings.Benchmarks.Distributed.DistributedWorker.Command)
{
    return await Mde.Bindings.Benchmarks.Distributed.DistributedWorker.RunAsync(args[1..]);
}

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out Func<string[], Task<int>>? run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project tests/Mde.Bindings.Benchmarks -- <{string.Join('|', benchmarks.Keys.Order())}>");
    return 2;
}

return await run(args[1..]);
