using System.Net;
using Mde.Bindings.Auth;
using Mde.Bindings.Downloads;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Throttling;
using Mde.Bindings.Transcripts;
using Refit;

namespace Mde.Bindings.Cli;

/// <summary>
/// Turns what went wrong into one message that says what to do, and the exit code it means. Only the command line's
/// own mistakes (<see cref="CliUsageException"/>, and the parser's errors) are exit 2; an exception nobody expected —
/// an <see cref="ArgumentException"/> from inside the runtime included — is a bug: exit 1, "internal error".
/// </summary>
internal static class ErrorReporter
{
    /// <summary>Where an internal error goes (the project publishes no tracker address to print).</summary>
    public const string WhereToReport = "please report it to the Mde.Bindings maintainers with the command you ran and this message";

    public static int Report(Exception error, CliEnvironment environment, string? target = null)
    {
        (int code, string message) = Describe(error, environment.GetVariable, target);
        environment.Error.WriteLine("mde-lr: " + message);
        return code;
    }

    /// <summary>The hint every permission problem ends with.</summary>
    public const string DoctorHint = " Run 'mde-lr doctor' to check the token and the permissions every command needs.";

    public static (int ExitCode, string Message) Describe(Exception error, Func<string, string?> getVariable, string? target = null) => error switch
    {
        ScriptArgumentsException scriptArguments => (ExitCodes.Usage, "--args: " + scriptArguments.Explanation),
        CliUsageException usage => (ExitCodes.Usage, usage.Message),
        Jobs.JobJournalException journal => (ExitCodes.Usage, journal.Message),
        MdeAuthConfigurationException config => (ExitCodes.ApiError, config.Message),
        MdeAuthenticationException auth => (ExitCodes.ApiError, auth.Message),
        ActiveRequestAlreadyExistsException active => (ExitCodes.ApiError, active.Message + " (or pass --cancel-active to cancel it and run)"),
        LiveResponseException failed => (ExitCodes.ScriptFailed, failed.Message),
        MissingPermissionException missing => (ExitCodes.ApiError, missing.Message + DoctorHint),
        TokenAudienceException audience => (ExitCodes.ApiError, audience.Message + DoctorHint),
        ApiException api => (ExitCodes.ApiError, DescribeApi(api, target)),
        DownloadFailedException download => (ExitCodes.ApiError, download.Message),
        TranscriptFormatException transcript => (ExitCodes.ApiError, "The result is not a readable transcript: " + transcript.Message + " Save it as a file with --output to look at it."),
        TranscriptTooLargeException large => (ExitCodes.ApiError, large.Message + " Save the result with --output instead."),
        RateLimitRejectedException limited => (ExitCodes.ApiError, limited.Message),
        MdeResponseFormatException format => (ExitCodes.ApiError, format.Message),
        TimeoutException timeout => (ExitCodes.ApiError, timeout.Message + " The service did not answer in time; try again later."),
        HttpRequestException network => (ExitCodes.ApiError, $"Cannot reach the API ({SecretRedaction.Redact(network.Message, getVariable)}). Check the network, the proxy settings and, for a standalone emulator, {CliEnvironment.EmulatorUrlVariable}."),
        Microsoft.Data.Sqlite.SqliteException sqlite => (ExitCodes.CommandFailed, $"The job journal could not be written or read ({sqlite.Message}). Check its folder's permissions and the free space, then carry the job on with 'mde-lr resume --job'."),
        IOException or UnauthorizedAccessException => (ExitCodes.CommandFailed, $"Reading or writing failed: {SecretRedaction.Redact(error.Message, getVariable)} Check the path, its permissions and the free space."),

        // Type and message only: a stack trace helps nobody at a terminal and may carry what a frame held.
        _ => (ExitCodes.InternalError, $"internal error ({error.GetType().FullName}: {SecretRedaction.Redact(error.Message, getVariable)}). This is a bug in mde-lr: {WhereToReport}."),
    };

    private static string DescribeApi(ApiException api, string? target)
    {
        MdeApiError? body = MdeApiError.TryRead(api);
        string what = body is null ? $"{(int)api.StatusCode} {api.ReasonPhrase}" : $"{(int)api.StatusCode} {body.Code}" + (body.DisplayMessage is { } message ? ": " + message : string.Empty);
        string advice = api.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "Check MDE_TENANT_ID, MDE_CLIENT_ID and the secret or certificate, and that the app registration has access to WindowsDefenderATP.",
            // The runtime compared the operation's permissions from the spec with the token's: its explanation is the advice.
            HttpStatusCode.Forbidden when api.InnerException is MissingPermissionException or TokenAudienceException => api.InnerException.Message + DoctorHint,
            HttpStatusCode.Forbidden => "The app lacks this operation's permission: add it under the app registration's API permissions (WindowsDefenderATP, application) and grant admin consent." + DoctorHint,
            HttpStatusCode.NotFound => target is null ? "Check the id you gave." : $"Check that '{target}' exists (device ids and machine action ids are case-sensitive).",
            HttpStatusCode.TooManyRequests => "The service kept answering 429 after the tool waited for its Retry-After; try again in a few minutes.",
            >= HttpStatusCode.InternalServerError => "The service failed; try again later.",
            _ => "The request was refused as sent.",
        };
        string support = body?.Target is { Length: > 0 } correlation ? $" (correlation id {correlation})" : string.Empty;
        return $"The API answered {what}{support}. {advice}";
    }
}
