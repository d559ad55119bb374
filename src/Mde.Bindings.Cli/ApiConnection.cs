using Mde.Bindings.Auth;
using Mde.Bindings.Downloads;
using Mde.Bindings.Emulator;
using Mde.Bindings.Emulator.Auth;
using Microsoft.Extensions.Logging;
using Mde.Bindings.Http;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Throttling;

namespace Mde.Bindings.Cli;

/// <summary>
/// Where the tool's calls go: a real tenant when credentials are set (<c>MDE_TENANT_ID</c>, <c>MDE_CLIENT_ID</c> and a
/// secret or certificate), a running emulator when <c>MDE_EMULATOR_URL</c> is set, else an emulator started in this
/// process (seeded with a demo device and a demo script).
/// </summary>
internal sealed class ApiConnection : IAsyncDisposable
{
    private readonly EmulatorHost? _embedded;
    private readonly IDisposable? _tokens;
    private readonly HttpClient _http;

    private ApiConnection(LiveResponseClient client, string description, bool isEmulator, HttpClient http, EmulatorHost? embedded, IDisposable? tokens)
    {
        Client = client;
        Description = description;
        IsEmulator = isEmulator;
        _http = http;
        _embedded = embedded;
        _tokens = tokens;
    }

    public LiveResponseClient Client { get; }

    /// <summary>What the tool is talking to, for the first line on stderr.</summary>
    public string Description { get; }

    public bool IsEmulator { get; }

    public static async Task<ApiConnection> OpenAsync(CliEnvironment environment, CancellationToken cancellationToken)
    {
        MdeAuthOptions? credentials = MdeAuthOptions.FromEnvironment(environment.GetVariable);
        var limiters = new ExactRateLimiterProvider(
            credentials?.TenantId ?? ExactRateLimiterProvider.DefaultPartitionOwner,
            credentials?.ClientId ?? ExactRateLimiterProvider.DefaultPartitionOwner,
            new ExactRateLimiterProviderOptions { TimeProvider = environment.TimeProvider });
        var downloader = new LinkDownloader(new HttpClient(LinkDownloader.CreateStorageHandler()), timeProvider: environment.TimeProvider);

        if (credentials is not null)
        {
            IAccessTokenSource tokens = AccessTokenSource.Create(credentials);
            HttpClient http = Pipeline(credentials.Cloud.ApiBaseAddress, credentials.GetAudience(), limiters, tokens, environment);
            return new ApiConnection(new LiveResponseClient(http, limiters, downloader, environment.TimeProvider), $"Defender for Endpoint ({credentials.Cloud}), tenant {credentials.TenantId}", false, http, null, null);
        }

        if (environment.GetVariable(CliEnvironment.EmulatorUrlVariable) is { Length: > 0 } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? address))
            {
                throw new CliUsageException($"{CliEnvironment.EmulatorUrlVariable} is '{url}', not an absolute URL: set it to the API address the emulator prints (such as http://127.0.0.1:5080/).");
            }

            var tokens = new EmulatorTokenSource(new Uri(address, "oauth2/v2.0/token"), EmulatorApp.Demo.ClientId, EmulatorApp.Demo.ClientSecret, timeProvider: environment.TimeProvider);
            HttpClient http = Pipeline(address, EmulatorHost.Audience, limiters, tokens, environment);
            return new ApiConnection(new LiveResponseClient(http, limiters, downloader, environment.TimeProvider), $"the emulator at {address}", true, http, null, tokens);
        }

        var options = new EmulatorOptions
        {
            TimeProvider = environment.TimeProvider,
            PendingDuration = TimeSpan.FromSeconds(1),
            CommandDuration = TimeSpan.FromSeconds(1),
            ConfigureLogging = logging => logging.ClearProviders(),
        };
        environment.ConfigureEmbeddedEmulator?.Invoke(options);
        EmulatorHost emulator = await EmulatorHost.StartAsync(options, cancellationToken).ConfigureAwait(false);
        EmulatorTokenSource embeddedTokens = emulator.CreateTokenSource();
        HttpClient embeddedHttp = Pipeline(emulator.ApiBaseAddress, EmulatorHost.Audience, limiters, embeddedTokens, environment);
        return new ApiConnection(
            new LiveResponseClient(embeddedHttp, limiters, downloader, environment.TimeProvider),
            $"the embedded emulator at {emulator.ApiBaseAddress} (no MDE_TENANT_ID/MDE_CLIENT_ID set: nothing reaches a real tenant)",
            true,
            embeddedHttp,
            emulator,
            embeddedTokens);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _tokens?.Dispose();
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static HttpClient Pipeline(Uri baseAddress, string audience, IRateLimiterProvider limiters, IAccessTokenSource tokens, CliEnvironment environment) =>
        MdeHttpPipeline.CreateClient(new MdeHttpPipelineParts(baseAddress, audience, limiters, tokens) { TimeProvider = environment.TimeProvider });
}
