using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mde.Bindings.Testing;

/// <summary>
/// A <c>redis-server</c> of its own on a free loopback port, with nothing saved to disk, stopped by its process id.
/// Tests and benchmarks run against it when <c>redis-server</c> is installed (<see cref="TestKeyValueServers"/>); asked
/// for without it, they fail and say what to install, never pass silently.
/// </summary>
internal sealed class RedisServerProcess : ITestKeyValueServer
{
    /// <summary>What to do when <c>redis-server</c> is missing.</summary>
    public const string InstallHint =
        "redis-server is not installed. Install it: 'apt-get install -y redis-server' on Debian/Ubuntu (.ci/run does this), " +
        "'brew install redis' on macOS; or run on Garnet, which needs nothing installed (leave 'redis' out of " +
        TestKeyValueServers.Variable + ", or give the benchmark '--server garnet').";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(15);
    private readonly string _executable;
    private Process? _process;

    private RedisServerProcess(string executable, int port)
    {
        _executable = executable;
        Port = port;
    }

    /// <summary>Whether <c>redis-server</c> is on PATH.</summary>
    public static bool IsInstalled => FindExecutable() is not null;

    public string Name => TestKeyValueServers.Redis;

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000";

    public string Description => $"redis-server on port {Port} (pid {ProcessId})";

    /// <summary>The running server's process id, or null while it is stopped.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>Starts a server on a free loopback port and waits until it answers PING.</summary>
    /// <exception cref="InvalidOperationException"><c>redis-server</c> is not installed (the message says how to install it), or it did not start.</exception>
    public static RedisServerProcess StartNew()
    {
        string executable = FindExecutable() ?? throw new InvalidOperationException(InstallHint);
        var server = new RedisServerProcess(executable, FreePort());
        server.Start();
        return server;
    }

    public void Start()
    {
        if (ProcessId is not null)
        {
            throw new InvalidOperationException($"redis-server already runs on port {Port}.");
        }

        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"redis-server ({_executable}) did not start.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var waited = Stopwatch.StartNew();
        while (!Ping())
        {
            if (process.HasExited || waited.Elapsed > s_startTimeout)
            {
                Kill();
                string said;
                lock (output)
                {
                    said = output.ToString();
                }

                throw new InvalidOperationException($"redis-server on port {Port} did not answer PING within {s_startTimeout.TotalSeconds:0} s. It said: {said}");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>Kills the server by its process id (the data is gone: nothing is saved) and waits for it to exit.</summary>
    public void Kill()
    {
        Process? process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(10_000);
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    public void Dispose() => Kill();

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>The first <c>redis-server</c> on PATH: PATH alone decides, so that hiding it there hides it from the tests too.</summary>
    private static string? FindExecutable()
    {
        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return folders
            .Select(folder => Path.Combine(folder, OperatingSystem.IsWindows() ? "redis-server.exe" : "redis-server"))
            .FirstOrDefault(File.Exists);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private bool Ping()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using NetworkStream stream = client.GetStream();
            stream.ReadTimeout = 1000;
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            int read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return false;
        }
    }
}
