using System.Globalization;
using System.Runtime.InteropServices;
using Mde.Bindings.Emulator;

// Standalone mode: dotnet run --project src/Mde.Bindings.Emulator -- [--port N] [--storage-port M] [--transcript-style seed] [--no-rate-limits]
var options = new EmulatorOptions();
for (int i = 0; i < args.Length; i++)
{
    string? value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--port":
            options.ApiPort = ParsePort(args[i], value);
            i++;
            break;
        case "--storage-port":
            options.StoragePort = ParsePort(args[i], value);
            i++;
            break;
        case "--transcript-style":
            options.TranscriptStyle = value?.ToLowerInvariant() switch
            {
                "documented" => TranscriptStyle.Documented,
                "seed" => TranscriptStyle.Seed,
                _ => throw Usage($"--transcript-style takes 'documented' or 'seed', not '{value}'."),
            };
            i++;
            break;
        case "--no-rate-limits":
            options.EnforceRateLimits = false;
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: Mde.Bindings.Emulator [--port N] [--storage-port M] [--transcript-style documented|seed] [--no-rate-limits]");
            return 0;
        default:
            throw Usage($"Unknown argument '{args[i]}'.");
    }
}

var stop = new TaskCompletionSource();
using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

await using EmulatorHost emulator = await EmulatorHost.StartAsync(options);
Console.WriteLine($"API:           {emulator.ApiBaseAddress}");
Console.WriteLine($"Storage:       {emulator.StorageBaseAddress}");
Console.WriteLine($"Token:         {emulator.TokenEndpoint}");
Console.WriteLine($"Scope:         {EmulatorHost.Audience}/.default");
Console.WriteLine($"Client id:     {EmulatorApp.Demo.ClientId}");
Console.WriteLine($"Client secret: {EmulatorApp.Demo.ClientSecret}");
Console.WriteLine($"Demo:          device {EmulatorOptions.DemoDeviceId}, script {EmulatorOptions.DemoScriptName}");
Console.WriteLine("Ready. Press Ctrl-C to stop.");
await stop.Task;
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}

static int ParsePort(string name, string? value) =>
    int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535
        ? port
        : throw Usage($"{name} takes a port number from 0 to 65535, not '{value}'.");

static ArgumentException Usage(string message) => new(message + " Run with --help for the arguments.");
