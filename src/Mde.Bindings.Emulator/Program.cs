using System.Runtime.InteropServices;
using Mde.Bindings.Emulator.Standalone;

// Standalone mode: dotnet run --project src/Mde.Bindings.Emulator -- --port <n> [--devices <N>] [--time-scale <x>] ...
return await StandaloneCommandLine.RunAsync(args, Console.Out, Console.Error, WaitForStopAsync);

// Ctrl-C (SIGINT) or SIGTERM stops both servers and ends with exit code 0.
static async Task WaitForStopAsync()
{
    var stop = new TaskCompletionSource();
    void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        stop.TrySetResult();
    }

    using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    await stop.Task.ConfigureAwait(false);
}
