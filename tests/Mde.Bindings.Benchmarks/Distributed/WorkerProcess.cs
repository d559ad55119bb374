using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Mde.Bindings.Benchmarks.Distributed;

/// <summary>A worker: this benchmark executable again, with the hidden worker command; its logs are echoed with its number.</summary>
internal sealed class WorkerProcess
{
    private readonly Process _process;
    private readonly int _index;
    private Task<string>? _output;

    private WorkerProcess(Process process, int index)
    {
        _process = process;
        _index = index;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.WriteLine($"  [worker {_index}] {line}");
            }
        };
        process.BeginErrorReadLine();
    }

    public static WorkerProcess Start(int index, DistributedWorker.WorkerArguments arguments)
    {
        // Under `dotnet run` this is the app host; under `dotnet X.dll` it is dotnet, which needs the assembly first.
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark cannot tell its own executable.");
        var start = new ProcessStartInfo(host) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (string argument in arguments.ToArgs())
        {
            start.ArgumentList.Add(argument);
        }

        return new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("A worker process did not start."), index);
    }

    /// <summary>Waits until the worker is warm and waiting for the start.</summary>
    public async Task ReadyAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == DistributedWorker.ReadyLine)
            {
                _output = _process.StandardOutput.ReadToEndAsync();
                return;
            }
        }

        throw new InvalidOperationException($"Worker {_index} exited before it was ready (exit code {(_process.HasExited ? _process.ExitCode : -1)}).");
    }

    /// <summary>Starts the worker's calls.</summary>
    public void Go()
    {
        _process.StandardInput.WriteLine(DistributedWorker.GoLine);
        _process.StandardInput.Flush();
    }

    public async Task<WorkerResult> WaitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            return new WorkerResult(0, false);
        }

        string output = _output is null ? string.Empty : await _output;
        string? json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        if (_process.ExitCode != 0 || json is null)
        {
            Console.WriteLine($"  [worker {_index}] exited {_process.ExitCode}: {output}");
            return new WorkerResult(0, false);
        }

        using JsonDocument document = JsonDocument.Parse(json);
        return new WorkerResult(document.RootElement.GetProperty("sent").GetInt32(), true);
    }
}

internal sealed record WorkerResult(int Sent, bool Finished);
