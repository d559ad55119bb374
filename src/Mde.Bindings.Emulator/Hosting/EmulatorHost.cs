using System.Globalization;
using System.Net;
using Mde.Bindings.Auth;
using Mde.Bindings.Emulator.Admin;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Faults;
using Mde.Bindings.Emulator.Http;
using Mde.Bindings.Emulator.Protocol;
using Mde.Bindings.Emulator.State;
using Mde.Bindings.Emulator.Storage;
using Mde.Bindings.Emulator.Time;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Mde.Bindings.Emulator.Hosting;

/// <summary>
/// A running emulator of the Defender for Endpoint live response API on 127.0.0.1: the API (and its token endpoint)
/// on one port, the storage that serves download links on another, so that a client leaking its bearer token to
/// storage is caught. Dispose it to stop both.
/// </summary>
/// <example>
/// <code>
/// await using EmulatorHost emulator = await EmulatorHost.StartAsync(new EmulatorOptions());
/// using HttpClient api = emulator.CreateApiClient();
/// HttpResponseMessage actions = await api.GetAsync("api/machineactions");
/// </code>
/// </example>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _api;
    private readonly WebApplication _storage;
    private readonly EmulatorRuntime _runtime;
    private int _disposed;

    private EmulatorHost(WebApplication api, WebApplication storage, EmulatorRuntime runtime, Uri apiBaseAddress)
    {
        _api = api;
        _storage = storage;
        _runtime = runtime;
        ApiBaseAddress = apiBaseAddress;
    }

    /// <summary>The API's root, <c>http://127.0.0.1:{port}/</c>; operations live under <c>api/</c>.</summary>
    public Uri ApiBaseAddress { get; }

    /// <summary>The storage root download links point to: another port than the API's.</summary>
    public Uri StorageBaseAddress => _runtime.StorageBaseAddress;

    /// <summary>The token endpoint, <c>{ApiBaseAddress}oauth2/v2.0/token</c>.</summary>
    public Uri TokenEndpoint => TokenEndpointFor(ApiBaseAddress);

    /// <summary>The token endpoint of an emulator whose API root is <paramref name="apiBaseAddress"/>, such as one running in another process.</summary>
    /// <param name="apiBaseAddress">The emulator's API root, as <see cref="ApiBaseAddress"/> gives it.</param>
    /// <returns><c>{apiBaseAddress}oauth2/v2.0/token</c>.</returns>
    public static Uri TokenEndpointFor(Uri apiBaseAddress) => EmulatorTokenSource.TokenEndpointFor(apiBaseAddress);

    /// <summary>The audience tokens are issued for (the spec's): request the scope <c>{Audience}/.default</c>.</summary>
    public static string Audience => LiveResponseApiDescription.Audience;

    /// <summary>Devices, library and machine actions: seed and read them here.</summary>
    public EmulatorState State => _runtime.State;

    /// <summary>The fault rules in force: add and remove them here, or through <c>/_emulator/faults</c>.</summary>
    public EmulatorFaults Faults => _runtime.Faults;

    /// <summary>The applications that can get tokens.</summary>
    public IReadOnlyList<EmulatorApp> Apps => _runtime.Apps;

    /// <summary>
    /// Each API operation's calls so far, by operation name (such as <c>GetMachineAction</c>), with how many were
    /// answered 429: counted by the server, so a client's polling and throttling can be checked against it.
    /// Operations never called are absent.
    /// </summary>
    public IReadOnlyDictionary<string, EmulatedOperationCalls> Calls => _runtime.Calls.Snapshot();

    /// <summary>Starts an emulator and returns once both ports listen.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    /// <exception cref="IOException">A requested port is taken.</exception>
    public static async Task<EmulatorHost> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        options.Validate();
        var runtime = new EmulatorRuntime(options);

        WebApplication storage = Build(options, options.StoragePort, app => new StorageEndpoints(runtime).Map(app));
        WebApplication? api = null;
        try
        {
            await storage.StartAsync(cancellationToken).ConfigureAwait(false);
            runtime.StorageBaseAddress = ListeningAddress(storage);
            Uri? apiBaseAddress = null;
            api = Build(options, options.ApiPort, app => MapApi(app, runtime, () => apiBaseAddress!));
            await api.StartAsync(cancellationToken).ConfigureAwait(false);
            apiBaseAddress = ListeningAddress(api);
            return new EmulatorHost(api, storage, runtime, apiBaseAddress);
        }
        catch
        {
            if (api is not null)
            {
                await api.DisposeAsync().ConfigureAwait(false);
            }

            await storage.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A token source for one of <see cref="Apps"/> (the demo app by default), to use with <see cref="BearerTokenHandler"/>.</summary>
    /// <param name="app">The app; <see langword="null"/> for <see cref="EmulatorApp.Demo"/>.</param>
    /// <param name="httpClient">The client for token requests (its owner disposes it); <see langword="null"/> for a shared one.</param>
    public IAccessTokenSource CreateTokenSource(EmulatorApp? app = null, HttpClient? httpClient = null)
    {
        app ??= EmulatorApp.Demo;
        return new EmulatorTokenSource(TokenEndpoint, app.ClientId, app.ClientSecret, httpClient, _runtime.TimeProvider);
    }

    /// <summary>
    /// An <see cref="HttpClient"/> whose base address is the API and that authorizes API requests with tokens of
    /// <paramref name="app"/> through the runtime's <see cref="BearerTokenHandler"/> (which sends no token to storage).
    /// </summary>
    /// <param name="app">The app; <see langword="null"/> for <see cref="EmulatorApp.Demo"/>.</param>
    public HttpClient CreateApiClient(EmulatorApp? app = null)
    {
        var transport = new SocketsHttpHandler();
        IAccessTokenSource tokens = CreateTokenSource(app, new HttpClient(transport, disposeHandler: false));
        var bearer = new BearerTokenHandler(tokens, ApiBaseAddress, Audience) { InnerHandler = transport };
        return new HttpClient(bearer) { BaseAddress = ApiBaseAddress };
    }

    /// <summary>
    /// A token as the token endpoint would issue it to <paramref name="app"/>, signed by this emulator: for tests that
    /// need a token with chosen roles (none included) or another audience. The app need not be registered.
    /// </summary>
    /// <param name="app">The app whose client id and roles the token carries.</param>
    /// <param name="audience">The token's audience; <see langword="null"/> for <see cref="Audience"/>.</param>
    public MdeAccessToken IssueAccessToken(EmulatorApp app, string? audience = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        (string token, DateTimeOffset expiresAt) = _runtime.Tokens.Issue(app, audience ?? Audience);
        return new MdeAccessToken(token, expiresAt);
    }

    /// <summary>Stops both servers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _api.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _storage.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _api.DisposeAsync().ConfigureAwait(false);
        await _storage.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override string ToString() => $"Defender live response emulator at {ApiBaseAddress} (storage {StorageBaseAddress})";

    private static void MapApi(WebApplication app, EmulatorRuntime runtime, Func<Uri> apiBaseAddress)
    {
        var guard = new ApiGuard(runtime);
        new TokenIssuingEndpoint(runtime).Map(app);
        new MachineActionEndpoints(runtime).Map(app, guard);
        new MachineEndpoints(runtime).Map(app, guard);
        new ResultLinkEndpoint(runtime).Map(app, guard);
        new LibraryEndpoints(runtime).Map(app, guard);
        if (runtime.Options.EnableAdminEndpoints)
        {
            new AdminEndpoints(runtime, () => new AdminInfo(
                apiBaseAddress().AbsoluteUri,
                runtime.StorageBaseAddress.AbsoluteUri,
                TokenEndpointFor(apiBaseAddress()).AbsoluteUri,
                Audience,
                runtime.TimeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                runtime.Options.RetryAfterInRealTime && runtime.TimeProvider is ScaledTimeProvider scaled ? scaled.Scale : 1)).Map(app);
        }

        app.MapFallback(context => ErrorResponses.WriteAsync(context, 404, "NotFound", $"No operation is served at {context.Request.Method} {context.Request.Path}."));
    }

    private static WebApplication Build(EmulatorOptions options, int port, Action<WebApplication> map)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.Services.AddSingleton<IHostLifetime, HostOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        WebApplication app = builder.Build();
        map(app);
        return app;
    }

    private static Uri ListeningAddress(WebApplication app)
    {
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.TrimEnd('/') + "/");
    }
}
