namespace Mde.Bindings.LiveResponse;

/// <summary>A job journal held in memory, for code that needs no durability and for tests.</summary>
internal sealed class InMemoryLiveResponseJobStore : ILiveResponseJobStore
{
    private readonly object _gate = new();
    private readonly List<string> _entries = [];
    private string? _definition;

    /// <summary>How many entries were appended.</summary>
    public int EntryCount
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<LiveResponseJobJournal?> LoadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_definition is null ? null : new LiveResponseJobJournal(_definition, [.. _entries]));
        }
    }

    /// <inheritdoc/>
    public ValueTask CreateAsync(string jobId, string definition, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentException.ThrowIfNullOrEmpty(definition);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_definition is not null)
            {
                throw new InvalidOperationException("This store already holds a job: resume it, or use a new store for a new job.");
            }

            _definition = definition;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask AppendAsync(string entry, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_definition is null)
            {
                throw new InvalidOperationException("No job was created in this store: create it before appending entries.");
            }

            _entries.Add(entry);
        }

        return ValueTask.CompletedTask;
    }
}
