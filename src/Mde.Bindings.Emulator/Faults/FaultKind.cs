namespace Mde.Bindings.Emulator.Faults;

/// <summary>What an injected fault does to a request.</summary>
public enum FaultKind
{
    /// <summary>Answers <see cref="FaultRule.StatusCode"/> (a 5xx) with the documented error body instead of handling the request.</summary>
    ServerError,

    /// <summary>Waits <see cref="FaultRule.Delay"/> (on the emulator's clock) before handling the request.</summary>
    Delay,

    /// <summary>Sends the status, headers and only the first <see cref="FaultRule.CutOffAfterBytes"/> bytes of the body, then drops the connection.</summary>
    CutOffBody,

    /// <summary>
    /// Serves only the first <see cref="FaultRule.CutOffAfterBytes"/> bytes of the body as if they were all of it (a
    /// stored result cut short, with a matching <c>Content-Length</c>): the transfer is complete, the content is not.
    /// </summary>
    TruncatedContent,

    /// <summary>Drops the connection without answering.</summary>
    ConnectionReset,

    /// <summary>On the result-link route, hands out a link that has already expired; on the storage route, refuses a valid link as expired.</summary>
    ExpiredLink,
}
