using Mde.Bindings.Testing;

namespace Mde.Bindings.Redis.Tests.Infrastructure;

/// <summary>
/// The servers each test that needs one runs against, as theory data: Garnet always, and Redis too when
/// <c>redis-server</c> is installed, or what <c>MDE_TEST_REDIS_SERVERS</c> (a comma-separated list of <c>redis</c> and
/// <c>garnet</c>) chooses. The server's name is the test case's first argument, so every test name shows it.
/// </summary>
public static class TestServers
{
    public const string Redis = TestKeyValueServers.Redis;

    public const string Garnet = TestKeyValueServers.Garnet;

    public static TheoryData<string> Chosen => new(TestKeyValueServers.Chosen);

    /// <summary>Each chosen server with <c>true</c>, then with <c>false</c>.</summary>
    public static TheoryData<string, bool> ChosenWithTrueAndFalse
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (string server in TestKeyValueServers.Chosen)
            {
                data.Add(server, true);
                data.Add(server, false);
            }

            return data;
        }
    }
}
