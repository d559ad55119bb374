namespace Mde.Bindings.Cli.Tests.Crashes;

/// <summary>
/// Stands for the death of an mde-lr process at a chosen step, in this process: once tripped, every journal write and
/// every network call fails, and the run's token is cancelled, so nothing more reaches the journal, the service or
/// the disk than a killed process would have sent.
/// </summary>
internal sealed class CrashSwitch : IDisposable
{
    private readonly CancellationTokenSource _process = new();
    private int _tripped;

    /// <summary>The token the crashed run was given: cancelled when the switch trips.</summary>
    public CancellationToken ProcessToken => _process.Token;

    public bool Tripped => Volatile.Read(ref _tripped) == 1;

    /// <summary>Where it tripped, for the failure message of a test that expected it to.</summary>
    public string? Where { get; private set; }

    public SimulatedCrashException Trip(string where)
    {
        if (Interlocked.Exchange(ref _tripped, 1) == 0)
        {
            Where = where;
            _process.Cancel();
        }

        return new SimulatedCrashException(Where!);
    }

    public void ThrowIfTripped()
    {
        if (Tripped)
        {
            throw new SimulatedCrashException(Where!);
        }
    }

    public void Dispose() => _process.Dispose();
}

/// <summary>What every call gets once the simulated process is dead.</summary>
internal sealed class SimulatedCrashException(string where) : Exception($"simulated crash ({where}): the process is gone");
