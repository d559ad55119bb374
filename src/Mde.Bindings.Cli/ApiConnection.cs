using Mde.Bindings.Auth;
using Mde.Bindings.Downloads;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Http;
using Mde.Bindings.LiveResponse;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Cli;

/// <summary>
/// Where the tool's calls go: a real tenant when credentials are set (<c>MDE_TENANT_ID</c>, <c>MDE_CLIENT_ID</c> and a
/// secret or certificate), a running emulator when <c>MDE_EMULATOR_URL</c> is set, else an emulator started in this
/// process (seeded with a demo device and a demo script).
/// </summary>
internal sealed class ApiConnection : IAsyncDisposable
{
    private readonly EmulatorHost? _embedded;
    private readonly IDisposable[] _owned;

    private ApiConnection(LiveResponseClient client, HttpClient http, IAccessTokenSource tokens, string audience, string description, bool isEmulator, double timeScale, EmulatorHost? embedded, params IDisposable?[] owned)
    {
        TimeScale = timeScale;
        Client = client;
        Http = http;
        Tokens = tokens;
        Audience = audience;
        Description = description;
        IsEmulator = isEmulator;
        _embedded = embedded;
        _owned = owned.OfType<IDisposable>().ToArray();
    }

    public LiveResponseClient Client { get; }

    /// <summary>The API's HTTP client (token, throttling and retries included), for reads the runtime does not wrap.</summary>
    public HttpClient Http { get; }

    /// <summary>Where the API's bearer tokens come from (the doctor reads one to check its claims).</summary>
    public IAccessTokenSource Tokens { get; }

    /// <summary>The audience tokens are requested for.</summary>
    public string Audience { get; }

    /// <summary>What the tool is talking to, for the first line on stderr.</summary>
    public string Description { get; }

    public bool IsEmulator { get; }

    /// <summary>How many times faster than the real clock the emulator runs (1 for a tenant or an unscaled emulator).</summary>
    public double TimeScale { get; }

    /// <summary>
    /// An emulator on the real clock, whose actions end within seconds: worth polling every second. A scaled emulator's
    /// actions take the service's own (scaled) time, so the service's pacing fits it, and faster polling would only
    /// race the scaled limits.
    /// </summary>
    public bool PollsQuickly => IsEmulator && TimeScale == 1;

    /// <summary>Whether the emulator runs in this process (and so forgets every action when the command ends).</summary>
    public bool IsEmbeddedEmulator => _embedded is not null;

    /// <summary>The embedded emulator's name in <see cref="ServiceOf"/>: it forgets its actions when the command ends.</summary>
    public const string EmbeddedEmulator = "the embedded emulator";

    /// <summary>
    /// Which service the tool's calls go to, from the environment alone (no call is made): a tenant and its API host,
    /// a running emulator's address, or <see cref="EmbeddedEmulator"/>. A job's actions live there, so its resume must
    /// go there too.
    /// </summary>
    public static string ServiceOf(CliEnvironment environment)
    {
        MdeAuthOptions? credentials = MdeAuthOptions.FromEnvironment(environment.GetVariable);
        return credentials?.EmulatorUrl is not null ? $"the emulator at {credentials.GetApiBaseAddress()}"
            : credentials is not null ? $"tenant {credentials.TenantId} at {credentials.GetApiBaseAddress().Authority}"
            : EmbeddedEmulator;
    }

    public static async Task<ApiConnection> OpenAsync(CliEnvironment environment, CancellationToken cancellationToken)
    {
        MdeAuthOptions? credentials = MdeAuthOptions.FromEnvironment(environment.GetVariable);

        // A running emulator may run its clock and rate-limit windows faster (--time-scale): the limits follow it.
        double timeScale = credentials?.EmulatorUrl is not null
            ? await EmulatorTimeScale.ReadAsync(credentials.GetApiBaseAddress(), cancellationToken).ConfigureAwait(false)
            : 1;
        var limiters = new ScaledRateLimiters(credentials, environment.TimeProvider, timeScale);
        var storage = new HttpClient(environment.WrapNetwork is { } wrapStorage ? wrapStorage(LinkDownloader.CreateStorageHandler()) : LinkDownloader.CreateStorageHandler());
        var downloader = new LinkDownloader(storage, timeProvider: environment.TimeProvider);

        Uri address;
        string audience;
        IAccessTokenSource tokens;
        string description;
        EmulatorHost? embedded = null;
        if (credentials?.EmulatorUrl is { } running)
        {
            // The runtime's emulator path, the same one a consumer's FromEnvironment takes.
            (address, audience) = (credentials.GetApiBaseAddress(), credentials.GetAudience());
            tokens = EmulatorTokenSource.ForDemoApp(running, timeProvider: environment.TimeProvider);
            description = timeScale == 1
                ? $"the emulator at {address}"
                : $"the emulator at {address} (time scale {EmulatorTimeScale.Describe(timeScale)}: rate limits and polling scaled to match)";
        }
        else if (credentials is not null)
        {
            (address, audience, tokens) = (credentials.GetApiBaseAddress(), credentials.GetAudience(), credentials.CreateTokenSource());
            description = $"Defender for Endpoint ({credentials.Cloud.Name}, {address.Authority}), tenant {credentials.TenantId}";
        }
        else
        {
            var options = new EmulatorOptions
            {
                TimeProvider = environment.TimeProvider,
                PendingDuration = TimeSpan.FromSeconds(1),
                CommandDuration = TimeSpan.FromSeconds(1),
                ConfigureLogging = logging => logging.ClearProviders(),
            };
            environment.ConfigureEmbeddedEmulator?.Invoke(options);
            embedded = await EmulatorHost.StartAsync(options, cancellationToken).ConfigureAwait(false);
            (address, audience, tokens) = (embedded.ApiBaseAddress, EmulatorHost.Audience, embedded.CreateTokenSource());
            description = $"the embedded emulator at {address} (no MDE_TENANT_ID/MDE_CLIENT_ID set: nothing reaches a real tenant)";
        }

        HttpMessageHandler? network = environment.WrapNetwork?.Invoke(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        HttpClient http = new MdeHttpPipeline(address, audience, limiters, tokens) { TimeProvider = environment.TimeProvider }.CreateClient(network);
        // Polling waits on the limits' clock too: a scaled emulator's actions end after its own (scaled) seconds.
        var client = new LiveResponseClient(http, limiters, downloader, limiters.Clock);
        return new ApiConnection(client, http, tokens, audience, description, isEmulator: credentials is null || credentials.EmulatorUrl is not null, timeScale, embedded, http, storage, limiters);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }

        if (_embedded is not null)
        {
            await _embedded.DisposeAsync().ConfigureAwait(false);
        }
    }
}
