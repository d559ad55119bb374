namespace Mde.Bindings.Emulator;

/// <summary>
/// Reads the standalone emulator's <c>--app &lt;client-id&gt;:&lt;secret&gt;:&lt;roles&gt;</c>: the client id is up to the
/// first colon, the roles (comma-separated, possibly none) after the last, and the secret in between.
/// </summary>
internal static class StandaloneApp
{
    /// <summary>What is wrong with the value, or null when it reads as an app. Never repeats the secret.</summary>
    public static string? Problem(string value)
    {
        int first = value.IndexOf(':', StringComparison.Ordinal);
        int last = value.LastIndexOf(':');
        if (first <= 0 || last == first)
        {
            return $"--app takes <client-id>:<secret>:<roles> (roles comma-separated, possibly none); '{value[..Math.Max(first, 0)]}…' has {(first <= 0 ? "no client id" : "no roles part")}.";
        }

        return last == first + 1 ? $"--app for client '{value[..first]}' has an empty secret." : null;
    }

    public static EmulatorApp Parse(string value)
    {
        int first = value.IndexOf(':', StringComparison.Ordinal);
        int last = value.LastIndexOf(':');
        string[] roles = value[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new EmulatorApp(value[..first], value[(first + 1)..last], roles);
    }
}
