using System.Diagnostics;
using System.Globalization;
using System.Net;
using Mde.Bindings.Downloads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Benchmarks;

/// <summary>
/// <c>download</c>: a 512 MiB result, generated on the fly by a loopback Kestrel server, downloaded through
/// <see cref="LinkDownloader.CopyToAsync{T}"/> and through a raw <see cref="HttpClient"/> stream copy, alternately,
/// in the same run. Reports the peak managed-heap growth while ours runs and the throughput ratio (ours ÷ raw): the
/// median of the ratios of adjacent raw/ours pairs, which cancels most of the drift a shared machine adds.
/// Options: <c>--size-mib N</c> (default 512), <c>--iterations N</c> (default 7).
/// </summary>
internal static class DownloadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        long size = ReadOption(args, "--size-mib", 512) * 1024L * 1024L;
        int iterations = (int)ReadOption(args, "--iterations", 7);

        await using WebApplication server = await StartServerAsync(size);
        string address = LoopbackServer.Address(server).ToString().TrimEnd('/');
        var link = new Uri($"{address}/investigation-actions-data/result?se=2099-01-01T00%3A00%3A00Z&sp=r&sig=benchmark");

        using var rawClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None });
        using var storageClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None });
        var downloader = new LinkDownloader(storageClient);

        Task<long> Raw(CountingStream destination) => RawCopyAsync(rawClient, link, destination);
        Task<long> Ours(CountingStream destination) =>
            downloader.CopyToAsync(_ => Task.FromResult(new DownloadLink<Stream>(link, DateTimeOffset.UtcNow.AddMinutes(30))), destination);

        // Warm-up: connections, JIT and pools, for both paths.
        await MeasureAsync(Raw, size);
        await MeasureAsync(Ours, size);

        var raw = new List<Measurement>();
        var ours = new List<Measurement>();
        for (int i = 0; i < iterations; i++)
        {
            raw.Add(await MeasureAsync(Raw, size));
            ours.Add(await MeasureAsync(Ours, size));
        }

        double rawSeconds = Timing.Median(raw.Select(m => m.Seconds));
        double oursSeconds = Timing.Median(ours.Select(m => m.Seconds));
        double ratio = Timing.Median(raw.Zip(ours, (r, o) => r.Seconds / o.Seconds));
        double oursGrowth = ours.Max(m => m.PeakHeapGrowthMiB);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"download: {size / (1024 * 1024)} MiB from a loopback Kestrel server, {iterations} alternating iterations per path (after one warm-up each)"));
        Print("raw HttpClient stream copy", raw, rawSeconds, size);
        Print("LinkDownloader.CopyToAsync", ours, oursSeconds, size);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  throughput ratio (ours / raw, median of adjacent pairs): {ratio:0.000}  goal >= 0.9"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  peak managed heap growth (ours, worst iteration): {oursGrowth:0.00} MiB  goal <= 64"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"benchmark\":\"download\",\"bytes\":{size},\"peak_memory_growth_mib\":{oursGrowth:0.00},\"throughput_ratio\":{ratio:0.000}}}"));
        return 0;
    }

    private static async Task<long> RawCopyAsync(HttpClient client, Uri link, Stream destination)
    {
        await using Stream body = await client.GetStreamAsync(link);
        await body.CopyToAsync(destination);
        return ((CountingStream)destination).Written;
    }

    private static async Task<Measurement> MeasureAsync(Func<CountingStream, Task<long>> download, long size)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        long workingSetBefore = Environment.WorkingSet;

        using var sampler = new PeakSampler();
        var destination = new CountingStream();
        long started = Stopwatch.GetTimestamp();
        long written = await download(destination);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        (long peakHeap, long peakWorkingSet) = sampler.Stop();

        if (written != size || destination.Written != size)
        {
            throw new InvalidOperationException($"Downloaded {destination.Written} bytes (reported {written}); {size} were served.");
        }

        return new Measurement(seconds, (peakHeap - heapBefore) / (1024.0 * 1024.0), (peakWorkingSet - workingSetBefore) / (1024.0 * 1024.0));
    }

    private static void Print(string name, List<Measurement> runs, double medianSeconds, long size) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {name,-28} median {medianSeconds:0.000} s ({size / medianSeconds / (1024 * 1024):0} MiB/s); runs {string.Join(", ", runs.Select(r => r.Seconds.ToString("0.000", CultureInfo.InvariantCulture)))} s; peak heap growth {runs.Max(r => r.PeakHeapGrowthMiB):0.00} MiB; peak working set growth {runs.Max(r => r.PeakWorkingSetGrowthMiB):0.00} MiB"));

    private static Task<WebApplication> StartServerAsync(long size)
    {
        byte[] block = new byte[1024 * 1024];
        new Random(42).NextBytes(block);
        return LoopbackServer.StartAsync(app => app.MapGet("/investigation-actions-data/result", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = size;
            for (long left = size; left > 0;)
            {
                int count = (int)Math.Min(block.Length, left);
                await context.Response.Body.WriteAsync(block.AsMemory(0, count), context.RequestAborted);
                left -= count;
            }
        }));
    }

    private static long ReadOption(string[] args, string name, long fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && long.TryParse(args[index + 1], CultureInfo.InvariantCulture, out long value) && value > 0 ? value : fallback;
    }

    private sealed record Measurement(double Seconds, double PeakHeapGrowthMiB, double PeakWorkingSetGrowthMiB);

    /// <summary>Samples the managed heap and the working set on its own thread until stopped, keeping the peaks.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _peakHeap;
        private long _peakWorkingSet;

        public PeakSampler()
        {
            _thread = new Thread(Sample) { IsBackground = true, Name = "peak sampler" };
            _thread.Start();
        }

        public (long PeakHeap, long PeakWorkingSet) Stop()
        {
            _stop = true;
            _thread.Join();
            return (_peakHeap, _peakWorkingSet);
        }

        public void Dispose()
        {
            if (!_stop)
            {
                Stop();
            }
        }

        private void Sample()
        {
            do
            {
                _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                _peakWorkingSet = Math.Max(_peakWorkingSet, Environment.WorkingSet);
                Thread.Sleep(1);
            }
            while (!_stop);
        }
    }

    /// <summary>A destination that counts and discards, the same for both paths.</summary>
    private sealed class CountingStream : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written;

        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Written += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Written += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return default;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Written += count;
            return Task.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
