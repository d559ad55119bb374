using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Faults;
using Mde.Bindings.Emulator.Http;
using Mde.Bindings.Emulator.RateLimiting;
using Mde.Bindings.Emulator.State;
using Mde.Bindings.Emulator.Storage;

namespace Mde.Bindings.Emulator.Hosting;

/// <summary>Everything the two servers of one emulator instance share.</summary>
internal sealed class EmulatorRuntime
{
    /// <summary>The tenant id the emulator's tokens carry.</summary>
    public const string TenantId = "00000000-0000-4000-8000-00000000e4a1";

    public EmulatorRuntime(EmulatorOptions options)
    {
        Options = options;
        TimeProvider = options.TimeProvider;
        StartedAt = TimeProvider.GetUtcNow();
        State = new EmulatorState(options);
        Faults = new EmulatorFaults(options.FaultRandomSeed);
        FaultInjector = new FaultInjector(Faults, TimeProvider);
        var keys = new SigningKeys(options.SigningKey);
        Tokens = new TokenService(keys.TokenKey, TimeProvider, options.TokenLifetime, TenantId);
        Links = new LinkSigner(keys.LinkKey, TimeProvider);
        Limiter = new ServerRateLimiter(TimeProvider);
        Apps = [.. (options.IncludeDemoApp ? [EmulatorApp.Demo] : Array.Empty<EmulatorApp>()), .. options.Apps];
    }

    public EmulatorOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public EmulatorState State { get; }

    /// <summary>When the emulator started, by its clock: its devices' <c>firstSeen</c>.</summary>
    public DateTimeOffset StartedAt { get; }

    public EmulatorFaults Faults { get; }

    public FaultInjector FaultInjector { get; }

    public TokenService Tokens { get; }

    public LinkSigner Links { get; }

    public ServerRateLimiter Limiter { get; }

    public IReadOnlyList<EmulatorApp> Apps { get; }

    /// <summary>Every operation's calls and 429 answers.</summary>
    public OperationCallCounter Calls { get; } = new();

    /// <summary>The storage server's root, known once it listens.</summary>
    public Uri StorageBaseAddress { get; set; } = null!;
}
