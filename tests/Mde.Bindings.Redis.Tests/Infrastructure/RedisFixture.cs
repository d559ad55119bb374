using Mde.Bindings.Testing;
using StackExchange.Redis;

namespace Mde.Bindings.Redis.Tests.Infrastructure;

/// <summary>One redis-server for the collection's tests, on a free loopback port; each test keeps to keys of its own prefix.</summary>
public sealed class RedisFixture : IDisposable
{
    private readonly RedisServerProcess _server = RedisServerProcess.StartNew();

    public string Configuration => _server.Configuration;

    /// <summary>A connection of its own, as a separate process would have.</summary>
    public ConnectionMultiplexer Connect() => ConnectionMultiplexer.Connect(Configuration);

    public void Dispose() => _server.Dispose();
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis";
}
