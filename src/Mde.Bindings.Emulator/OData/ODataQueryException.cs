namespace Mde.Bindings.Emulator.OData;

/// <summary>
/// A query option the emulator cannot take. The endpoint answers 400 with the message the service puts before such
/// reasons ("The query specified in the URI is not valid."; quoted in MicrosoftDocs/microsoft-365-docs issue 12682).
/// </summary>
internal sealed class ODataQueryException(string reason) : Exception(reason)
{
    /// <summary>The prefix the service writes before the reason a query is refused.</summary>
    public const string ServicePrefix = "The query specified in the URI is not valid. ";

    /// <summary>The message of the 400 answer.</summary>
    public string ServiceMessage => ServicePrefix + Message;
}
