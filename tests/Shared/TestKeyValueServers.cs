namespace Mde.Bindings.Testing;

/// <summary>
/// Which Redis-protocol servers the tests and benchmarks run against. By default: Garnet in-process always (nothing
/// to install), and <c>redis-server</c> too when it is installed, so that both stay supported. The environment
/// variable <see cref="Variable"/> chooses instead: a comma-separated list of <c>redis</c> and <c>garnet</c>.
/// </summary>
internal static class TestKeyValueServers
{
    /// <summary>The environment variable that chooses the servers, e.g. <c>MDE_TEST_REDIS_SERVERS=garnet</c>.</summary>
    public const string Variable = "MDE_TEST_REDIS_SERVERS";

    public const string Redis = "redis";

    public const string Garnet = "garnet";

    /// <summary>The servers to run against, in a fixed order.</summary>
    /// <exception cref="InvalidOperationException">The variable names an unknown server, or nothing.</exception>
    public static IReadOnlyList<string> Chosen { get; } = Choose(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Starts the named server on a free loopback port and waits until it answers.</summary>
    /// <exception cref="InvalidOperationException"><c>redis</c> was asked for without <c>redis-server</c> installed (the message says how to install it), or the server did not start.</exception>
    public static ITestKeyValueServer StartNew(string name) => name switch
    {
        Redis => RedisServerProcess.StartNew(),
        Garnet => InProcessGarnetServer.StartNew(),
        _ => throw new ArgumentException($"Unknown test server '{name}': use '{Redis}' or '{Garnet}'.", nameof(name)),
    };

    private static string[] Choose(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return RedisServerProcess.IsInstalled ? [Garnet, Redis] : [Garnet];
        }

        string[] names = setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(static name => name.ToLowerInvariant())
            .Distinct()
            .ToArray();
        string[] unknown = names.Where(static name => name is not (Redis or Garnet)).ToArray();
        if (names.Length == 0 || unknown.Length > 0)
        {
            throw new InvalidOperationException(
                $"{Variable}='{setting}' names {(unknown.Length > 0 ? "an unknown server: " + string.Join(", ", unknown) : "no server")}. " +
                $"Give a comma-separated list of '{Garnet}' (in-process, nothing to install) and '{Redis}' (needs redis-server), or unset it for both when redis-server is installed.");
        }

        return names;
    }
}
