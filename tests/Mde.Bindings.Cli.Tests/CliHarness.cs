using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.LiveResponse;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Cli.Tests;

/// <summary>Runs <c>mde-lr</c> in this process against an emulator the test owns, and keeps what it printed.</summary>
internal static class CliHarness
{
    public static async Task<EmulatorHost> StartEmulatorAsync(Action<EmulatorOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new EmulatorOptions
        {
            TimeProvider = time ?? TimeProvider.System,
            PendingDuration = TimeSpan.FromMilliseconds(200),
            CommandDuration = TimeSpan.FromMilliseconds(200),
            ConfigureLogging = logging => logging.ClearProviders(),
        };
        configure?.Invoke(options);
        return await EmulatorHost.StartAsync(options);
    }

    /// <param name="error">Receives stderr as the run goes (to look at it while the run is still going); a new one when null.</param>
    /// <param name="wrapNetwork">Wraps the network under the API and storage clients (see <see cref="CliEnvironment.WrapNetwork"/>).</param>
    /// <param name="wrapJobStore">Wraps a job's journal store (see <see cref="CliEnvironment.WrapJobStore"/>).</param>
    public static async Task<CliRun> RunAsync(EmulatorHost emulator, string[] args, TimeProvider? time = null, CancellationToken cancellationToken = default, IReadOnlyDictionary<string, string>? variables = null, StringWriter? error = null, Func<HttpMessageHandler, HttpMessageHandler>? wrapNetwork = null, Func<ILiveResponseJobStore, ILiveResponseJobStore>? wrapJobStore = null)
    {
        var output = new StringWriter();
        error ??= new StringWriter();
        var environment = new CliEnvironment
        {
            GetVariable = name => name == CliEnvironment.EmulatorUrlVariable ? emulator.ApiBaseAddress.ToString() : variables?.GetValueOrDefault(name),
            Out = TextWriter.Synchronized(output),
            Error = TextWriter.Synchronized(error),
            TimeProvider = time ?? TimeProvider.System,
            PollInterval = TimeSpan.FromMilliseconds(50),
            WrapNetwork = wrapNetwork,
            WrapJobStore = wrapJobStore,
        };
        int exitCode = await MdeLr.RunAsync(args, environment, cancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}

internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Error}";
}
