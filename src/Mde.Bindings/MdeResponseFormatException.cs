namespace Mde.Bindings;

/// <summary>
/// The service answered with a success status, but the body is not what the API documents (not JSON, a
/// missing member, a wrong type, an unusable link). The message says what was wrong; it never holds a
/// token or a link signature. A live response transcript that cannot be read is one too: its message says where the
/// problem is (byte offset, line and column).
/// </summary>
/// <example>
/// <code>
/// try
/// {
///     ScriptTranscript transcript = await client.ReadTranscriptAsync(machineActionId, commandIndex: 0);
/// }
/// catch (MdeResponseFormatException broken)
/// {
///     Console.Error.WriteLine($"The service's answer is not in the documented format: {broken.Message}");
/// }
/// </code>
/// </example>
public class MdeResponseFormatException : Exception
{
    /// <summary>Creates the exception with a message that names what was wrong.</summary>
    public MdeResponseFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the problem.</summary>
    public MdeResponseFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
