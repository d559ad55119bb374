namespace Mde.Bindings.Cli.Commands;

/// <summary>
/// Explains a result that could not be written after its action ran: the action id, and the <c>mde-lr result</c>
/// command that fetches each result again (result links can be asked for again).
/// </summary>
internal sealed class ResultWriteFailure(ActionIdRecorder actions, string? outputFolder, IReadOnlyList<int> resultIndexes)
{
    /// <summary>Writes the explanation and returns true when <paramref name="error"/> is such a failure.</summary>
    public bool TryReport(TextWriter stderr, string machineId, Exception error)
    {
        // The downloader refuses a path it cannot write with an ArgumentException; the file system with the others.
        if (error is not (IOException or UnauthorizedAccessException or ArgumentException) || outputFolder is null || actions.ActionIdOf(machineId) is not { } actionId)
        {
            return false;
        }

        stderr.WriteLine($"mde-lr: machine action {actionId} on {machineId} ran, but its result could not be written to '{outputFolder}' ({error.Message}).");
        foreach (int index in resultIndexes)
        {
            stderr.WriteLine($"mde-lr: fetch it again with: mde-lr result {actionId} --index {index} --output <file>");
        }

        return true;
    }
}
