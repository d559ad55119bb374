namespace Mde.Bindings.LiveResponse;

/// <summary>A job journal cannot be read: it was written by a newer version, or it is damaged. The journal is left as it is.</summary>
internal sealed class LiveResponseJobFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LiveResponseJobFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
