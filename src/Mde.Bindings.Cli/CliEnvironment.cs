using Mde.Bindings.Emulator.Hosting;


namespace Mde.Bindings.Cli;

/// <summary>What the tool reads from its surroundings: environment variables, the clock, the console, and — in tests — an emulator already running.</summary>
internal sealed class CliEnvironment
{
    /// <summary>The address of a running emulator to use instead of starting one (for example the standalone one).</summary>
    public const string EmulatorUrlVariable = Mde.Bindings.Auth.MdeEnvironmentVariables.EmulatorUrl;

    public required Func<string, string?> GetVariable { get; init; }

    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>Whether stderr is a terminal (a live status line can be redrawn) or a file or pipe (plain lines).</summary>
    public bool ErrorIsTerminal { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Options of the embedded emulator, when one is started.</summary>
    public Action<EmulatorOptions>? ConfigureEmbeddedEmulator { get; init; }

    /// <summary>How often a run is polled at first (the default suits the service; tests and the emulator go faster).</summary>
    public TimeSpan? PollInterval { get; init; }

    /// <summary>Tests: wraps the network handler under the API and storage clients (to cut the network at a chosen call).</summary>
    public Func<HttpMessageHandler, HttpMessageHandler>? WrapNetwork { get; init; }

    /// <summary>Tests: wraps a job's journal store (to stop writing it at a chosen event, as a crash would).</summary>
    public Func<Mde.Bindings.LiveResponse.ILiveResponseJobStore, Mde.Bindings.LiveResponse.ILiveResponseJobStore>? WrapJobStore { get; init; }

    public static CliEnvironment FromProcess() => new()
    {
        GetVariable = Environment.GetEnvironmentVariable,
        Out = Console.Out,
        Error = Console.Error,
        ErrorIsTerminal = !Console.IsErrorRedirected,
    };
}
