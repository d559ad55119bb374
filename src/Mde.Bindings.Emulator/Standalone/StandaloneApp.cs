using Mde.Bindings.Emulator.Auth;

namespace Mde.Bindings.Emulator.Standalone;

/// <summary>
/// Reads the standalone emulator's <c>--app &lt;client-id&gt;:&lt;secret&gt;:&lt;roles&gt;</c>: the client id is up to the
/// first colon, the roles (comma-separated, possibly none) after the last, and the secret in between.
/// </summary>
internal static class StandaloneApp
{
    /// <summary>What is wrong with the value, or null when it reads as an app. Never repeats the secret.</summary>
    public static string? Problem(string value)
    {
        const string Shape = "give <client-id>:<secret>:<roles>, roles comma-separated and possibly none";
        int first = value.IndexOf(':', StringComparison.Ordinal);
        int last = value.LastIndexOf(':');
        return first < 0 ? $"--app: a value has no ':'; {Shape}."
            : first == 0 ? $"--app: a value has no client id before its first ':'; {Shape}."
            : last == first ? $"--app for client '{value[..first]}' has no roles part: end it with ':' and the roles (':' alone for none)."
            : last == first + 1 ? $"--app for client '{value[..first]}' has an empty secret."
            : null;
    }

    public static EmulatorApp Parse(string value)
    {
        int first = value.IndexOf(':', StringComparison.Ordinal);
        int last = value.LastIndexOf(':');
        string[] roles = value[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new EmulatorApp(value[..first], value[(first + 1)..last], roles);
    }
}
