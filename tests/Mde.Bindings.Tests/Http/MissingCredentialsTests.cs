using Mde.Bindings.Auth;
using Mde.Bindings.DependencyInjection;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Tests.Auth;
using Mde.Bindings.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mde.Bindings.Tests.Http;

/// <summary>
/// Registration with nothing configured: the environment is read (through a dictionary here, never the process's),
/// and with no credentials anywhere a call fails with a typed error before any request leaves.
/// </summary>
public sealed class MissingCredentialsTests
{
    private static ServiceProvider Build(RecordingHandler server, Dictionary<string, string> environment, Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        services.Configure<MdeApiOptions>(MdeApiRegistration.ClientName(LiveResponseApiDescription.ApiName), options => options.GetEnvironmentVariable = name => environment.GetValueOrDefault(name));
        services.AddHttpClient(MdeApiRegistration.ClientName(LiveResponseApiDescription.ApiName)).ConfigurePrimaryHttpMessageHandler(() => server);
        return services.BuildServiceProvider();
    }

    private static RecordingHandler Server() => new(_ => RecordingHandler.Json(DocsExamples.Read("get-machineaction.response.json")));

    [Fact]
    public async Task A_generated_client_with_no_credentials_anywhere_fails_before_sending_and_names_the_settings()
    {
        RecordingHandler server = Server();
        await using ServiceProvider provider = Build(server, [], services => services.AddLiveResponseApi());

        MdeAuthConfigurationException error = await Assert.ThrowsAsync<MdeAuthConfigurationException>(
            () => provider.GetRequiredService<ILiveResponseApi>().GetMachineActionAsync("1"));

        Assert.Empty(server.Requests);
        foreach (string setting in new[] { "MDE_TENANT_ID", "MDE_CLIENT_ID", "MDE_CLIENT_SECRET", "MDE_CLIENT_CERTIFICATE", "MDE_EMULATOR_URL" })
        {
            Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_live_response_client_with_no_credentials_fails_before_sending()
    {
        RecordingHandler server = Server();
        await using ServiceProvider provider = Build(server, [], services => services.AddLiveResponseClient());

        await Assert.ThrowsAsync<MdeAuthConfigurationException>(() => provider.GetRequiredService<LiveResponseClient>().GetStatusAsync("1"));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Allowing_unauthenticated_calls_sends_them_without_a_token_and_reads_no_environment()
    {
        RecordingHandler server = Server();
        Dictionary<string, string> environment = new() { ["MDE_EMULATOR_URL"] = "http://127.0.0.1:5080/" };
        await using ServiceProvider provider = Build(server, environment, services => services.AddLiveResponseApi(options => options.AllowUnauthenticated = true));

        MachineAction action = await provider.GetRequiredService<ILiveResponseApi>().GetMachineActionAsync("1");

        Assert.Equal(MachineActionStatus.Succeeded, action.Status);
        Assert.Null(server.Last.Authorization);
        Assert.Equal(MdeApiOptions.DefaultBaseAddress.Host, server.Last.Uri.Host);
    }

    [Fact]
    public async Task Credentials_in_the_environment_configure_a_registration_made_without_options()
    {
        RecordingHandler server = Server();
        Dictionary<string, string> environment = new()
        {
            ["MDE_TENANT_ID"] = TestTenant.TenantId,
            ["MDE_CLIENT_ID"] = TestTenant.ClientId,
            ["MDE_CLIENT_SECRET"] = "secret",
            ["MDE_CLOUD"] = "GCC",
        };
        await using ServiceProvider provider = Build(server, environment, services => services.AddLiveResponseClient());

        MdeApiOptions options = provider.GetRequiredService<IOptionsMonitor<MdeApiOptions>>().Get(MdeApiRegistration.ClientName(LiveResponseApiDescription.ApiName));

        Assert.Same(MdeCloud.Gcc, options.Credentials!.Cloud);
        Assert.Equal(TestTenant.TenantId, options.Credentials.TenantId);
        Assert.Equal(MdeCloud.Gcc.ApiBaseAddress, options.EffectiveBaseAddress);
    }

    [Fact]
    public async Task The_emulator_url_in_the_environment_points_a_registration_made_without_options_at_the_emulator()
    {
        RecordingHandler server = Server();
        Dictionary<string, string> environment = new() { ["MDE_EMULATOR_URL"] = "http://127.0.0.1:5080" };
        await using ServiceProvider provider = Build(server, environment, services => services.AddLiveResponseApi());

        MdeApiOptions options = provider.GetRequiredService<IOptionsMonitor<MdeApiOptions>>().Get(MdeApiRegistration.ClientName(LiveResponseApiDescription.ApiName));

        Assert.Equal(new Uri("http://127.0.0.1:5080/"), options.EffectiveBaseAddress);
        Assert.Equal(new Uri("http://127.0.0.1:5080/"), options.Credentials!.EmulatorUrl);
    }

    [Fact]
    public async Task Code_configured_credentials_are_not_replaced_by_the_environment()
    {
        RecordingHandler server = Server();
        Dictionary<string, string> environment = new() { ["MDE_EMULATOR_URL"] = "http://127.0.0.1:5080/" };
        var tokens = new FixedTokens();
        await using ServiceProvider provider = Build(server, environment, services => services.AddLiveResponseApi(options => options.TokenSource = tokens));

        await provider.GetRequiredService<ILiveResponseApi>().GetMachineActionAsync("1");

        Assert.Equal("Bearer fixed", server.Last.Authorization);
        Assert.Equal(MdeApiOptions.DefaultBaseAddress.Host, server.Last.Uri.Host);
    }

    private sealed class FixedTokens : IAccessTokenSource
    {
        public Task<MdeAccessToken> GetTokenAsync(string audience, bool forceRefresh, CancellationToken cancellationToken) =>
            Task.FromResult(new MdeAccessToken("fixed", DateTimeOffset.UtcNow.AddHours(1)));
    }
}
