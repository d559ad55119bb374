using Mde.Bindings.Auth;
using Mde.Bindings.DependencyInjection;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.LiveResponse;
using Microsoft.Extensions.DependencyInjection;

namespace Mde.Bindings.Emulator.Tests.Auth;

/// <summary>
/// A consumer's own code reaches a running emulator through MDE_EMULATOR_URL alone, as <c>mde-lr</c> does: the
/// runtime gets the token from the emulator's token endpoint and calls its API.
/// </summary>
public sealed class EnvironmentConnectionTests
{
    [Fact]
    public async Task AddLiveResponseClient_without_options_runs_the_demo_script_on_the_emulator_named_by_MDE_EMULATOR_URL()
    {
        await using EmulatorHost emulator = await EmulatorHost.StartAsync(new EmulatorOptions { PendingDuration = TimeSpan.Zero, CommandDuration = TimeSpan.Zero });
        var environment = new Dictionary<string, string> { [MdeEnvironmentVariables.EmulatorUrl] = emulator.ApiBaseAddress.ToString() };
        var services = new ServiceCollection();
        services.AddLiveResponseClient();

        // Only the environment reader is replaced, so that the test does not touch the process's environment.
        services.Configure<MdeApiOptions>(MdeApiRegistration.ClientName("LiveResponse"), options => options.GetEnvironmentVariable = name => environment.GetValueOrDefault(name));
        await using ServiceProvider provider = services.BuildServiceProvider();

        LiveResponseResult result = await provider.GetRequiredService<LiveResponseClient>().RunAsync(
            EmulatorOptions.DemoDeviceId,
            [LiveResponseCommandRequest.RunScript(EmulatorOptions.DemoScriptName, "-Quick")],
            new LiveResponseRunOptions { PollInterval = TimeSpan.FromMilliseconds(50) });

        Assert.Equal(MachineActionState.Succeeded, result.State);
        Assert.Equal(0, result.Commands[0].Transcript!.ExitCode);
        Assert.Equal(EmulatorTokenSource.DemoClientId, emulator.State.MachineActions.Single().Requestor); // an app token's caller is named by its app id
    }

    [Fact]
    public async Task The_runtimes_demo_token_source_is_accepted_by_the_emulator()
    {
        await using EmulatorHost emulator = await EmulatorHost.StartAsync();
        var tokens = EmulatorTokenSource.ForDemoApp(emulator.ApiBaseAddress);

        MdeAccessToken token = await tokens.GetTokenAsync(EmulatorHost.Audience, forceRefresh: false, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(token.Value));
        Assert.Equal(EmulatorTokenSource.DemoClientId, EmulatorApp.Demo.ClientId);
        Assert.Equal(emulator.TokenEndpoint, EmulatorTokenSource.TokenEndpointFor(emulator.ApiBaseAddress));
    }
}
