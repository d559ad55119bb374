namespace Mde.Bindings.LiveResponse;

/// <summary>
/// A job journal held in memory, for code that needs no durability and for tests. It keeps the same JSON text a
/// durable store keeps (<see cref="LiveResponseJobJson"/>), so that what it gives back is what a reload would give.
/// </summary>
public sealed class InMemoryLiveResponseJobStore : ILiveResponseJobStore
{
    private readonly object _gate = new();
    private readonly List<string> _events = [];
    private string? _definition;

    /// <summary>How many events were appended.</summary>
    public int EventCount
    {
        get
        {
            lock (_gate)
            {
                return _events.Count;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<LiveResponseJobRecord?> LoadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_definition is null
                ? null
                : new LiveResponseJobRecord(LiveResponseJobJson.DeserializeDefinition(_definition), _events.Select(LiveResponseJobJson.DeserializeEvent).ToArray()));
        }
    }

    /// <inheritdoc/>
    public ValueTask CreateAsync(LiveResponseJobDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        cancellationToken.ThrowIfCancellationRequested();
        string json = LiveResponseJobJson.Serialize(definition);
        lock (_gate)
        {
            if (_definition is not null)
            {
                throw new InvalidOperationException("This store already holds a job: resume it, or use a new store for a new job.");
            }

            _definition = json;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask AppendAsync(LiveResponseJobEvent jobEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobEvent);
        cancellationToken.ThrowIfCancellationRequested();
        string json = LiveResponseJobJson.Serialize(jobEvent);
        lock (_gate)
        {
            if (_definition is null)
            {
                throw new InvalidOperationException("No job was created in this store: create it before appending events.");
            }

            _events.Add(json);
        }

        return ValueTask.CompletedTask;
    }
}
