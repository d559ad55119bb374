namespace Mde.Bindings.Testing;

/// <summary>
/// A Redis-protocol server that a test or benchmark starts for itself on a free loopback port, with nothing saved:
/// <c>redis-server</c> in a child process (<see cref="RedisServerProcess"/>) or Garnet in this process
/// (<see cref="InProcessGarnetServer"/>). Outage tests kill it and start it again, empty, on the same port.
/// </summary>
internal interface ITestKeyValueServer : IDisposable
{
    /// <summary>The server's name as <see cref="TestKeyValueServers"/> knows it: <c>redis</c> or <c>garnet</c>.</summary>
    string Name { get; }

    /// <summary>The loopback port it listens on (kept across <see cref="Kill"/> and <see cref="Start"/>).</summary>
    int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for it.</summary>
    string Configuration { get; }

    /// <summary>What runs, for the log of a benchmark: the server and where it is.</summary>
    string Description { get; }

    /// <summary>Stops the server at once; every connection to it drops and its data is gone.</summary>
    void Kill();

    /// <summary>Starts the server again (after <see cref="Kill"/>) on the same port, empty, and waits until it answers.</summary>
    void Start();
}
