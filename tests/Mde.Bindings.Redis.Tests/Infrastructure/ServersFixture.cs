using System.Collections.Concurrent;
using Mde.Bindings.Testing;
using StackExchange.Redis;

namespace Mde.Bindings.Redis.Tests.Infrastructure;

/// <summary>
/// One server of each kind for the collection's tests, started on first use on a free loopback port; each test keeps
/// to keys of its own prefix. Tests take the server's name from <see cref="TestServers.Chosen"/>.
/// </summary>
public sealed class ServersFixture : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<ITestKeyValueServer>> _servers = new();

    /// <summary>A StackExchange.Redis configuration string for the named server.</summary>
    public string Configuration(string server) => Server(server).Configuration;

    /// <summary>A connection of its own to the named server, as a separate process would have.</summary>
    public ConnectionMultiplexer Connect(string server) => ConnectionMultiplexer.Connect(Configuration(server));

    public void Dispose()
    {
        foreach (Lazy<ITestKeyValueServer> server in _servers.Values.Where(static s => s.IsValueCreated))
        {
            server.Value.Dispose();
        }
    }

    private ITestKeyValueServer Server(string name) =>
        _servers.GetOrAdd(name, static n => new Lazy<ITestKeyValueServer>(() => TestKeyValueServers.StartNew(n))).Value;
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
