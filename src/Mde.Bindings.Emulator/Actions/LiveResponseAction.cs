using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.Actions;

/// <summary>
/// A live response machine action. Its state is computed from timestamps on every read: Pending for the pending
/// time, then each command in turn for its duration; the first command that fails fails the rest. A running command
/// walks through Submitted, PendingResource and Executing (the statuses the Microsoft Defender ATP connector's swagger
/// lists; their order and timing are the emulator's). A fake clock moves it along without any timer.
/// </summary>
internal sealed class LiveResponseAction
{
    private readonly object _gate = new();

    public LiveResponseAction(string id, EmulatedDevice device, string requestor, string? comment, DateTimeOffset created, TimeSpan pendingDuration, IReadOnlyList<PlannedCommand> commands)
    {
        Id = id;
        Device = device;
        Requestor = requestor;
        Comment = comment;
        Created = created;
        PendingDuration = pendingDuration;
        Commands = commands;
        FinishesAt = ComputeFinish();
    }

    public string Id { get; }

    public EmulatedDevice Device { get; }

    public string Requestor { get; }

    public string? Comment { get; }

    public DateTimeOffset Created { get; }

    public TimeSpan PendingDuration { get; }

    public IReadOnlyList<PlannedCommand> Commands { get; }

    /// <summary>When the action reaches its final state if nobody cancels it.</summary>
    public DateTimeOffset FinishesAt { get; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public string? CancellationComment { get; private set; }

    public string? CancellationRequestor { get; private set; }

    /// <summary>Cancels the action if it is not final at <paramref name="now"/>.</summary>
    /// <returns><see langword="false"/> when the action had already reached a final state.</returns>
    public bool TryCancel(DateTimeOffset now, string requestor, string comment)
    {
        lock (_gate)
        {
            if (IsFinalAt(now))
            {
                return false;
            }

            CancelledAt = now;
            CancellationRequestor = requestor;
            CancellationComment = comment;
            return true;
        }
    }

    /// <summary>
    /// Whether <see cref="Evaluate"/> at <paramref name="now"/> would give a final state, without building the snapshot.
    /// </summary>
    public bool IsFinalAt(DateTimeOffset now)
    {
        lock (_gate)
        {
            // Any cancellation makes the snapshot Cancelled or leaves the action where it ended.
            return CancelledAt is not null || now >= FinishesAt;
        }
    }

    public ActionSnapshot Evaluate(DateTimeOffset now)
    {
        DateTimeOffset? cancelledAt;
        lock (_gate)
        {
            cancelledAt = CancelledAt;
        }

        DateTimeOffset at = cancelledAt is { } c && c < now ? c : now;
        var commands = new CommandSnapshot[Commands.Count];
        DateTimeOffset started = Created + PendingDuration;
        if (at < started)
        {
            Array.Fill(commands, new CommandSnapshot(CommandStatus.Created, null, null, []));
            return Finish(MachineActionStatus.Pending, Created, commands, 0, cancelledAt);
        }

        DateTimeOffset cursor = started;
        for (int i = 0; i < Commands.Count; i++)
        {
            PlannedCommand planned = Commands[i];
            DateTimeOffset end = cursor + planned.Duration;
            if (at < end)
            {
                commands[i] = new CommandSnapshot(RunningStatus(at - cursor, planned.Duration), cursor, null, []);
                FillNotRun(commands, i + 1, null);
                return Finish(MachineActionStatus.InProgress, started, commands, i, cancelledAt);
            }

            if (planned.Outcome == PlannedOutcome.Complete)
            {
                commands[i] = new CommandSnapshot(CommandStatus.Completed, cursor, end, []);
                cursor = end;
                continue;
            }

            commands[i] = new CommandSnapshot(CommandStatus.Failed, cursor, end, [planned.Error ?? "The command failed."]);
            FillNotRun(commands, i + 1, $"Not run: command {i} failed.");
            return new ActionSnapshot(planned.Outcome == PlannedOutcome.TimeOut ? MachineActionStatus.TimeOut : MachineActionStatus.Failed, end, commands);
        }

        // Every command completed. With an action status delay the action is still InProgress for a while, and a
        // cancel then leaves it Cancelled with completed commands.
        DateTimeOffset succeeded = cursor + Device.ActionStatusDelay;
        if (at < succeeded)
        {
            return Finish(MachineActionStatus.InProgress, cursor, commands, running: null, cancelledAt);
        }

        // With a command status delay the last command still reads Executing after the action reads Succeeded.
        if (commands.Length > 0 && now < succeeded + Device.CommandStatusDelay)
        {
            commands[^1] = commands[^1] with { Status = CommandStatus.Executing, EndTime = null };
        }

        return new ActionSnapshot(MachineActionStatus.Succeeded, succeeded, commands);
    }

    // The first quarter of a command's run reads Submitted, the second PendingResource, the rest Executing.
    private static CommandStatus RunningStatus(TimeSpan elapsed, TimeSpan duration) =>
        elapsed * 4 < duration ? CommandStatus.Submitted
        : elapsed * 2 < duration ? CommandStatus.PendingResource
        : CommandStatus.Executing;

    private static void FillNotRun(CommandSnapshot[] commands, int from, string? error)
    {
        for (int j = from; j < commands.Length; j++)
        {
            commands[j] = error is null
                ? new CommandSnapshot(CommandStatus.Created, null, null, [])
                : new CommandSnapshot(CommandStatus.Failed, null, null, [error]);
        }
    }

    // A cancellation that came before the end freezes the action where it stood; the running command fails.
    private static ActionSnapshot Finish(MachineActionStatus status, DateTimeOffset lastUpdate, CommandSnapshot[] commands, int? running, DateTimeOffset? cancelledAt)
    {
        if (cancelledAt is not { } cancelled)
        {
            return new ActionSnapshot(status, lastUpdate, commands);
        }

        if (status == MachineActionStatus.InProgress && running is { } index)
        {
            commands[index] = commands[index] with { Status = CommandStatus.Failed, EndTime = cancelled, Errors = ["The action was cancelled while the command ran."] };
        }

        return new ActionSnapshot(MachineActionStatus.Cancelled, cancelled, commands);
    }

    // The latest end rather than the last one: a script rule set in code may carry a negative duration, and the
    // action stays in progress until the clock has passed every end Evaluate compares it with.
    private DateTimeOffset ComputeFinish()
    {
        DateTimeOffset cursor = Created + PendingDuration;
        DateTimeOffset latest = cursor;
        foreach (PlannedCommand planned in Commands)
        {
            cursor += planned.Duration;
            latest = cursor > latest ? cursor : latest;
            if (planned.Outcome != PlannedOutcome.Complete)
            {
                return latest;
            }
        }

        // Every command completes: the action reads Succeeded only after its status delay.
        cursor += Device.ActionStatusDelay;
        return cursor > latest ? cursor : latest;
    }
}
