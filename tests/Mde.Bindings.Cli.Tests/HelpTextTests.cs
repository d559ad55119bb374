using Mde.Bindings.Emulator.Hosting;


namespace Mde.Bindings.Cli.Tests;

/// <summary><c>mde-lr --help</c> tells where the calls go: every variable that decides it is named.</summary>
public sealed class HelpTextTests
{
    [Fact]
    public async Task Help_names_the_credential_variables_and_the_emulator_address_variable()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();

        CliRun run = await CliHarness.RunAsync(emulator, ["--help"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.All(
            new[] { "MDE_TENANT_ID", "MDE_CLIENT_ID", "MDE_CLIENT_SECRET", "MDE_CLIENT_CERTIFICATE", "MDE_EMULATOR_URL", "MDE_SCOPE", "MDE_API_URL" },
            variable => Assert.Contains(variable, run.Out, StringComparison.Ordinal));
    }
}
