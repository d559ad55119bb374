using Mde.Bindings.Emulator.Hosting;


namespace Mde.Bindings.Cli.Tests;

/// <summary>
/// <c>mde-lr run --args</c> with a character the service refuses: exit 2 before any action starts. Source of the
/// rule: MicrosoftDocs/defender-docs pull request 399, which quotes the service's text "Please avoid using the
/// following characters as part of scripts' parameters: ; &amp; | ! $ ( )".
/// </summary>
public sealed class ScriptArgumentsCliTests
{
    [Theory]
    [InlineData("a;b", ';')]
    [InlineData("$(whoami)", '$')]
    [InlineData("a & b", '&')]
    public async Task Refused_arguments_exit_2_with_the_typed_message_and_start_no_action(string args, char character)
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["run", "--machine", EmulatorOptions.DemoDeviceId, "--script", EmulatorOptions.DemoScriptName, "--args", args]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains($"--args: Script arguments refused: they hold '{character}'", run.Error, StringComparison.Ordinal);
        Assert.Contains("Please avoid using the following characters as part of scripts' parameters: ; & | ! $ ( )", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", run.Error, StringComparison.Ordinal);
        Assert.Empty(emulator.State.MachineActions);
    }
}
