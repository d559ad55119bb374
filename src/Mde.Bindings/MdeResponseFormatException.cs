namespace Mde.Bindings;

/// <summary>
/// The service answered with a success status, but the body is not what the API documents (not JSON, a
/// missing member, a wrong type, an unusable link). The message says what was wrong; it never holds a
/// token or a link signature.
/// </summary>
public sealed class MdeResponseFormatException : Exception
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
