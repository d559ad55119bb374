namespace Mde.Bindings.Emulator.Hosting;

/// <summary>
/// Leaves starting and stopping to whoever owns the <see cref="EmulatorHost"/>: the default console lifetime would
/// react to Ctrl-C on its own, inside test runners and the CLI too.
/// </summary>
internal sealed class HostOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
