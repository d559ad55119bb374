using System.Net;
using System.Net.Sockets;
using Garnet;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mde.Bindings.Testing;

/// <summary>
/// Garnet (Microsoft.Garnet, MIT) in this process on a free loopback port: a Redis-protocol server with nothing to
/// install. Lua is on, and so is Lua transaction mode, without which Garnet runs a script's commands unlocked and
/// another client's write can land in the middle of it (Redis never allows that). Nothing is persisted (no AOF, no
/// checkpoints, no storage tier), memory is kept small, and it logs nothing. <see cref="Kill"/> disposes the server,
/// which drops every connection; <see cref="Start"/> makes a new, empty one on the same port.
/// </summary>
internal sealed class InProcessGarnetServer : ITestKeyValueServer
{
    private readonly object _lock = new();
    private readonly bool _lockScriptKeys;
    private GarnetServer? _server;

    private InProcessGarnetServer(int port, bool lockScriptKeys)
    {
        Port = port;
        _lockScriptKeys = lockScriptKeys;
    }

    public string Name => TestKeyValueServers.Garnet;

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000";

    public string Description => $"Garnet {typeof(GarnetServer).Assembly.GetName().Version?.ToString(3)} in-process on port {Port}";

    /// <summary>Starts a server on a free loopback port.</summary>
    /// <param name="lockScriptKeys">Lua transaction mode; only a test that shows what goes wrong without it turns it off.</param>
    public static InProcessGarnetServer StartNew(bool lockScriptKeys = true)
    {
        var server = new InProcessGarnetServer(FreePort(), lockScriptKeys);
        server.Start();
        return server;
    }

    public void Start()
    {
        lock (_lock)
        {
            if (_server is not null)
            {
                throw new InvalidOperationException($"Garnet already runs on port {Port}.");
            }

            var server = new GarnetServer(Arguments(Port, _lockScriptKeys), NullLoggerFactory.Instance);
            try
            {
                server.Start();
            }
            catch
            {
                server.Dispose();
                throw;
            }

            _server = server;
        }
    }

    public void Kill()
    {
        lock (_lock)
        {
            _server?.Dispose();
            _server = null;
        }
    }

    public void Dispose() => Kill();

    /// <summary>Garnet's command line: loopback only, Lua with locked keys, quiet, small, nothing on disk.</summary>
    private static string[] Arguments(int port, bool lockScriptKeys) =>
    [
        "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--bind", "127.0.0.1",
        "--lua", "true",
        "--lua-transaction-mode", lockScriptKeys ? "true" : "false",
        "-q",
        "--logger-level", "None",
        "--memory", "64m",
        "--page", "1m",
        "--index", "1m",
    ];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
