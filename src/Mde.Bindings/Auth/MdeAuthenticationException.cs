namespace Mde.Bindings.Auth;

/// <summary>
/// No access token could be obtained: Microsoft Entra ID (or the managed identity endpoint) refused the request or
/// could not be reached, or the settings to ask for one are missing, incomplete or contradictory (then nothing was
/// sent, <see cref="ErrorCode"/> is <see langword="null"/>, and the message names the setting or environment variable
/// to fix). The message says what to check (tenant id, client id, secret or certificate, admin consent,
/// permissions); it never holds a secret or a token.
/// </summary>
/// <example>
/// <code>
/// try
/// {
///     await client.GetStatusAsync(machineActionId);
/// }
/// catch (MdeAuthenticationException signIn)
/// {
///     Console.Error.WriteLine($"Sign-in failed ({signIn.ErrorCode ?? "settings"}): {signIn.Message}");
/// }
/// </code>
/// </example>
public class MdeAuthenticationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and what to check.</param>
    /// <param name="errorCode">The identity library's error code (for example <c>invalid_client</c>), if any.</param>
    /// <param name="innerException">The identity library's error.</param>
    public MdeAuthenticationException(string message, string? errorCode, Exception? innerException)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    /// <summary>The identity library's error code (for example <c>invalid_client</c> or <c>unauthorized_client</c>), if any.</summary>
    public string? ErrorCode { get; }
}
