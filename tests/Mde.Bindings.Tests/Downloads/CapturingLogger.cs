using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Tests.Downloads;

/// <summary>Keeps every formatted log message (and its exception's message) for assertions.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue($"{logLevel} {eventId.Name}: {formatter(state, exception)} {exception?.Message}");
}
