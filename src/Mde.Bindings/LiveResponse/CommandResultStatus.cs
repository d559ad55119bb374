namespace Mde.Bindings.LiveResponse;

/// <summary>Whether a command's result (transcript or collected file) reached the caller.</summary>
internal enum CommandResultStatus
{
    /// <summary>There is no result to collect: the command did not complete, or its kind (PutFile) leaves none.</summary>
    None,

    /// <summary>The result was collected: <see cref="CommandResult.Transcript"/> or <see cref="CommandResult.FilePath"/> holds it.</summary>
    Collected,

    /// <summary>
    /// The command completed, or its action said it had, but its result could not be collected;
    /// <see cref="CommandResult.ResultError"/> says why. Result links can be asked for again later.
    /// </summary>
    NotCollected,
}
