using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Cli.Tests;

/// <summary>
/// The status codes one emulator answered, read from its web host's "request finished" log entries: what its
/// clients met, 429s and retried 5xx included (the runtime rides those out below its own telemetry, so the CLI's
/// traces show only the final answer). Add it with <see cref="AddTo"/>; count from the moment that matters.
/// </summary>
internal sealed class EmulatorAnswers : ILoggerProvider
{
    private const string HostingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private readonly ConcurrentQueue<(string Path, int Status)> _answers = new();

    /// <summary>Makes this the emulator's only log provider (the tests keep the emulator quiet otherwise).</summary>
    public void AddTo(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddProvider(this);
        logging.AddFilter<EmulatorAnswers>(HostingCategory, LogLevel.Information);
    }

    /// <summary>The answers so far, as "status path".</summary>
    public IReadOnlyList<string> Snapshot() => [.. _answers.Select(a => $"{a.Status} {a.Path}")];

    public ILogger CreateLogger(string categoryName) => categoryName == HostingCategory ? new Recorder(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Recorder(EmulatorAnswers owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values
                && values.FirstOrDefault(v => v.Key == "StatusCode").Value is int status)
            {
                owner._answers.Enqueue((values.FirstOrDefault(v => v.Key == "Path").Value?.ToString() ?? string.Empty, status));
            }
        }
    }
}
