using System.Diagnostics;
using System.Text;

namespace Mde.Bindings.PackageTests.Infrastructure;

/// <summary>
/// The emulator as its own process on a free loopback port, as a user starts it
/// (<c>dotnet run --project src/Mde.Bindings.Emulator -- --port 0</c>); here its built dll, copied beside the tests.
/// </summary>
public sealed class StandaloneEmulator : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private StandaloneEmulator(Process process, StringBuilder output, Uri apiAddress)
    {
        _process = process;
        _output = output;
        ApiAddress = apiAddress;
    }

    /// <summary>The API's root, the value of <c>MDE_EMULATOR_URL</c>.</summary>
    public Uri ApiAddress { get; }

    /// <summary>What the emulator printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the emulator and waits for its <c>Ready</c> line.</summary>
    /// <exception cref="InvalidOperationException">It exited or printed no API address before it was ready.</exception>
    public static async Task<StandaloneEmulator> StartAsync()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Mde.Bindings.Emulator.dll");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Ten times faster: actions finish in a fraction of the default seconds; links and tokens stay valid for minutes.
        foreach (string argument in new[] { dll, "--port", "0", "--time-scale", "10" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var ready = new TaskCompletionSource<Uri?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Uri? api = null;
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            Append(output, e.Data);
            if (e.Data is null)
            {
                ready.TrySetResult(null);
            }
            else if (e.Data.StartsWith("API:", StringComparison.Ordinal))
            {
                api = new Uri(e.Data["API:".Length..].Trim());
            }
            else if (e.Data.StartsWith("Ready", StringComparison.Ordinal))
            {
                ready.TrySetResult(api);
            }
        };
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Exited += (_, _) => ready.TrySetResult(null);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // It keeps printing (its log) after Ready: the handlers drain both streams so that it never blocks on a full pipe.
        Uri? address;
        try
        {
            address = await ready.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            address = null;
        }

        if (address is null || process.HasExited)
        {
            await StopAsync(process);
            process.Dispose();
            throw new InvalidOperationException("The emulator did not get ready:" + Environment.NewLine + output);
        }

        return new StandaloneEmulator(process, output, address);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(_process);
        _process.Dispose();
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
