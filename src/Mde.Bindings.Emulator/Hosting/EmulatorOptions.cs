using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Library;
using Mde.Bindings.Emulator.Scripts;
using Mde.Bindings.Emulator.Time;

namespace Mde.Bindings.Emulator.Hosting;

/// <summary>Settings of an emulator instance. The defaults give a ready demo: one device, one script, one app.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The id of the demo device.</summary>
    public const string DemoDeviceId = "demo-device";

    /// <summary>The name of the demo script.</summary>
    public const string DemoScriptName = "minidump.ps1";

    /// <summary>The clock of everything that depends on time: action progress, token and link expiry, rate limits, delays.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The API port on 127.0.0.1; 0 picks a free one.</summary>
    public int ApiPort { get; set; }

    /// <summary>The storage port on 127.0.0.1 (download links point there); 0 picks a free one.</summary>
    public int StoragePort { get; set; }

    /// <summary>How long a new action stays Pending before its first command starts.</summary>
    public TimeSpan PendingDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long each command runs, unless its script's behavior says otherwise.</summary>
    public TimeSpan CommandDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>When a running script is stopped and the action ends in TimeOut (the docs: 10 minutes).</summary>
    public TimeSpan ScriptTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The spelling of RunScript transcripts.</summary>
    public TranscriptStyle TranscriptStyle { get; set; } = TranscriptStyle.Documented;

    /// <summary>
    /// Whether a 429's Retry-After counts real seconds when <see cref="TimeProvider"/> is a
    /// <see cref="ScaledTimeProvider"/>: for clients on the real clock (the standalone emulator's <c>--time-scale</c>).
    /// Off by default: Retry-After counts the emulator's own seconds, right for a client that shares its clock.
    /// When on, <c>GET /_emulator</c> gives the scale as <c>timeScale</c>, so that such clients scale their limits to match.
    /// </summary>
    public bool RetryAfterInRealTime { get; set; }

    /// <summary>Whether the spec's rate limits are enforced (answered with 429 and Retry-After).</summary>
    public bool EnforceRateLimits { get; set; } = true;

    /// <summary>Live response actions that may be active at once in the tenant; one more is answered with 429 (the docs: 50).</summary>
    public int MaxConcurrentSessions { get; set; } = 50;

    /// <summary>The key that signs tokens and download links (at least 32 bytes); <see langword="null"/> for a random one per start.</summary>
    public byte[]? SigningKey { get; set; }

    /// <summary>How long an issued token is accepted (the docs: one hour).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether the demo device <see cref="DemoDeviceId"/> is there.</summary>
    public bool IncludeDemoDevice { get; set; } = true;

    /// <summary>Devices besides the demo device.</summary>
    public IList<EmulatedDevice> Devices { get; } = [];

    /// <summary>Whether the library starts with the demo script <see cref="DemoScriptName"/>.</summary>
    public bool IncludeDemoLibrary { get; set; } = true;

    /// <summary>Library files besides the demo script.</summary>
    public IList<EmulatedLibraryFile> LibraryFiles { get; } = [];

    /// <summary>Per-script rules by script name (ignoring case); a rule wins over the directives in the script's content, and a device's own <see cref="EmulatedDevice.ScriptBehavior"/> wins over both.</summary>
    public IDictionary<string, ScriptBehavior> ScriptBehaviors { get; } = new Dictionary<string, ScriptBehavior>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The tenant's "Live Response unsigned script execution" setting (Advanced features). When off, a RunScript of
    /// a PowerShell script without an Authenticode signature block fails on the device, as PowerShell refuses it.
    /// On by default so that the demo scripts run.
    /// </summary>
    public bool AllowUnsignedScripts { get; set; } = true;

    /// <summary>Whether <see cref="EmulatorApp.Demo"/> may get tokens.</summary>
    public bool IncludeDemoApp { get; set; } = true;

    /// <summary>Applications besides the demo app.</summary>
    public IList<EmulatorApp> Apps { get; } = [];

    /// <summary>Whether the <c>/_emulator/...</c> admin endpoints are mapped on the API port.</summary>
    public bool EnableAdminEndpoints { get; set; } = true;

    /// <summary>Seed of the draws of probabilistic faults; <see langword="null"/> for an unseeded generator.</summary>
    public int? FaultRandomSeed { get; set; }

    /// <summary>Configures the logging of both servers; <see langword="null"/> logs nothing.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and the fix.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        CheckPort(ApiPort, nameof(ApiPort));
        CheckPort(StoragePort, nameof(StoragePort));
        if (ApiPort != 0 && ApiPort == StoragePort)
        {
            throw new ArgumentException($"{nameof(ApiPort)} and {nameof(StoragePort)} are both {ApiPort}: storage must be another port (0 picks a free one).");
        }

        CheckDuration(PendingDuration, nameof(PendingDuration), allowZero: true);
        CheckDuration(CommandDuration, nameof(CommandDuration), allowZero: true);
        CheckDuration(ScriptTimeout, nameof(ScriptTimeout), allowZero: false);
        CheckDuration(TokenLifetime, nameof(TokenLifetime), allowZero: false);
        if (MaxConcurrentSessions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentSessions), MaxConcurrentSessions, "At least one live response session must be allowed.");
        }

        if (SigningKey is { Length: < 32 })
        {
            throw new ArgumentException($"{nameof(SigningKey)} has {SigningKey.Length} bytes: give at least 32, or null for a random key.");
        }

        if (!Enum.IsDefined(TranscriptStyle))
        {
            throw new ArgumentOutOfRangeException(nameof(TranscriptStyle), TranscriptStyle, "Use TranscriptStyle.Documented or TranscriptStyle.Seed.");
        }

        if (Devices.Any(d => d is null) || LibraryFiles.Any(f => f is null) || Apps.Any(a => a is null) || ScriptBehaviors.Values.Any(b => b is null))
        {
            throw new ArgumentException("A device, library file, app or script behavior is null: remove it.");
        }

        string? duplicate = Apps.Select(a => a.ClientId).Concat(IncludeDemoApp ? [EmulatorApp.Demo.ClientId] : [])
            .GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two apps have the client id '{duplicate}': give each app its own.");
        }
    }

    /// <summary>The Retry-After to send for a wait of <paramref name="wait"/> on the emulator's clock.</summary>
    internal TimeSpan RetryAfterOnTheWire(TimeSpan wait) => RetryAfterInRealTime ? ScaledTimeProvider.ToRealTime(TimeProvider, wait) : wait;

    private static void CheckPort(int port, string name)
    {
        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(name, port, "A port is 0 (pick a free one) to 65535.");
        }
    }

    private static void CheckDuration(TimeSpan value, string name, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            throw new ArgumentOutOfRangeException(name, value, allowZero ? "The duration cannot be negative." : "The duration must be positive.");
        }
    }
}
