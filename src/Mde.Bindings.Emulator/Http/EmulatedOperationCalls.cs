namespace Mde.Bindings.Emulator.Http;

/// <summary>How often one API operation was called on an emulator, and how many of those calls it answered 429.</summary>
/// <param name="Calls">Requests that reached the operation (whatever the answer: faults, 401s and 429s included).</param>
/// <param name="Throttled">Of those, the ones answered 429 Too Many Requests: a rate limit, the session limit or an injected fault.</param>
public readonly record struct EmulatedOperationCalls(long Calls, long Throttled);
