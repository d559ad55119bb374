using System.Text;
using Mde.Bindings.Emulator.Actions;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Library;
using Mde.Bindings.LiveResponse;
using static Mde.Bindings.Emulator.Tests.TestEmulator;

namespace Mde.Bindings.Emulator.Tests.Actions;

/// <summary>
/// The emulator decides "this action has ended" from its timeline (to refuse a second run and a late cancel without
/// building a snapshot); the client decides it from the status it reads (MachineActionStates, the one rule). At every
/// instant of an action's life the two must agree, or the client would poll an ended action forever or stop early.
/// </summary>
public sealed class FinalStateRuleTests
{
    public enum Ending
    {
        Succeeds,
        SucceedsWithStatusDelay,
        Fails,
        TimesOut,
        IsCancelled,
    }

    [Theory]
    [InlineData(Ending.Succeeds)]
    [InlineData(Ending.SucceedsWithStatusDelay)]
    [InlineData(Ending.Fails)]
    [InlineData(Ending.TimesOut)]
    [InlineData(Ending.IsCancelled)]
    public async Task The_timeline_and_the_status_the_client_reads_agree_on_when_an_action_has_ended(Ending ending)
    {
        await using TestEmulator emulator = await StartAsync(o =>
        {
            o.ScriptTimeout = TimeSpan.FromMinutes(2);
            o.LibraryFiles.Add(Script("broken.ps1", "# emulator.failure: Access is denied."));
            o.LibraryFiles.Add(Script("hang.ps1", "# emulator.outcome: hang"));
            o.Devices.Add(new EmulatedDevice("slow", "slow-host") { ActionStatusDelay = TimeSpan.FromSeconds(45) });
        });
        string script = ending switch { Ending.Fails => "broken.ps1", Ending.TimesOut => "hang.ps1", _ => "minidump.ps1" };
        string id = await emulator.RunAsync(RunBody(RunScript("minidump.ps1", "x"), RunScript(script, "x"), GetFile(@"C:\a.txt")), ending == Ending.SucceedsWithStatusDelay ? "slow" : EmulatorOptions.DemoDeviceId);
        LiveResponseAction action = emulator.Host.State.FindAction(id)!;

        var seen = new List<string>();
        for (int second = 0; second <= 300; second += 5)
        {
            if (ending == Ending.IsCancelled && second == 50)
            {
                (HttpResponseMessage response, _) = await emulator.PostAsync($"api/machineactions/{id}/cancel", """{"Comment":"stop"}""");
                response.EnsureSuccessStatusCode();
            }

            string status = Status(await emulator.GetActionAsync(id));
            seen.Add(status);
            Assert.True(
                MachineActionStates.IsFinal(status) == action.IsFinalAt(emulator.Time.GetUtcNow()),
                $"At {second} s the action reads {status} but the emulator's timeline says final = {action.IsFinalAt(emulator.Time.GetUtcNow())}.");
            emulator.Time.Advance(TimeSpan.FromSeconds(5));
        }

        // The walk saw the action running and then ended, in the state the case asks for.
        string expected = ending switch { Ending.Fails => "Failed", Ending.TimesOut => "TimeOut", Ending.IsCancelled => "Cancelled", _ => "Succeeded" };
        Assert.Contains("InProgress", seen);
        Assert.Equal(expected, seen[^1]);
    }

    // The status values: MicrosoftDocs/defender-docs defender-endpoint/api/machineaction.md (Pending, InProgress,
    // Succeeded, Failed, TimeOut, Cancelled); the last four never change again.
    [Theory]
    [InlineData("Succeeded", true)]
    [InlineData("failed", true)]
    [InlineData("TimeOut", true)]
    [InlineData("Cancelled", true)]
    [InlineData("Pending", false)]
    [InlineData("InProgress", false)]
    [InlineData("Unknown", false)]
    [InlineData("Paused", false)]
    [InlineData("3", false)]
    [InlineData("Pending, Failed", false)]
    [InlineData(null, false)]
    public void Only_the_four_documented_end_states_are_final(string? status, bool final) =>
        Assert.Equal(final, MachineActionStates.IsFinal(status));


    private static EmulatedLibraryFile Script(string name, string text) => new(name, Encoding.UTF8.GetBytes(text));
}
