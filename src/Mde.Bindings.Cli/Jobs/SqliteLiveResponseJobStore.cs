using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli.Jobs;

/// <summary>
/// A job's journal in a SQLite file (<see cref="JobJournal"/>): what <c>mde-lr run --job</c> writes and
/// <c>mde-lr resume</c> reads. The definition and events are kept in the runtime's journal JSON
/// (<see cref="LiveResponseJobJson"/>). The file is opened (and locked against a second runner) by the first
/// <see cref="LoadAsync"/> or <see cref="CreateAsync"/>; a journal that cannot be used is refused with a
/// <see cref="JobJournalException"/> and left as it was.
/// </summary>
/// <param name="path">The journal file.</param>
/// <param name="time">The clock of the journal's timestamps.</param>
/// <param name="service">The service this process talks to: written into a new journal (see <see cref="HeldService"/>).</param>
internal sealed class SqliteLiveResponseJobStore(string path, TimeProvider time, string service) : ILiveResponseJobStore, IDisposable
{
    private readonly object _gate = new();
    private JobJournal? _journal;

    /// <summary>The journal's path as given.</summary>
    public string Path { get; } = path;

    /// <summary>The service the journal's job was started against (its actions live there), once loaded or created.</summary>
    public string? HeldService { get; private set; }

    /// <summary>Reads a journal without locking or changing it (for <c>mde-lr job status</c>, also while a job runs).</summary>
    /// <exception cref="JobJournalException">The file is missing, no journal, from a newer mde-lr, or damaged.</exception>
    public static LiveResponseJobRecord Read(string path) => Decode(path, JobJournal.Read(path));

    /// <inheritdoc/>
    public ValueTask<LiveResponseJobJournal?> LoadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_journal is null && !File.Exists(Path))
            {
                return ValueTask.FromResult<LiveResponseJobJournal?>(null);
            }

            _journal ??= JobJournal.OpenForWriting(Path, time);
            JobJournalContent content = _journal.ReadAll();
            HeldService = content.Service;

            // Read here too: a journal this version cannot use is refused as the file's fault, naming the file.
            _ = Decode(Path, content);
            return ValueTask.FromResult<LiveResponseJobJournal?>(TextOf(content));
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
            if (_journal is not null || File.Exists(Path))
            {
                throw new JobJournalException(Path, "already holds a job.", "Resume it with 'mde-lr resume --job', or give another --job path.");
            }

            _journal = JobJournal.Create(Path, jobId, service, definition, time);
            HeldService = service;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask AppendAsync(string entry, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(entry);

        // The event's kind names the row, for a reader of the file (sqlite3); the body is the entry as given.
        string kind = LiveResponseJobJson.DeserializeEvent(entry).GetType().Name;

        // Not cancelled half-way: an event the job has acted on must reach the disk.
        lock (_gate)
        {
            JobJournal journal = _journal ?? throw new InvalidOperationException("No job was created or loaded in this store: create or load it before appending events.");
            journal.Append(kind, entry);
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _journal?.Dispose();
            _journal = null;
        }
    }

    private static LiveResponseJobJournal TextOf(JobJournalContent content) =>
        new(content.DefinitionJson, [.. content.Events.Select(e => e.BodyJson)]);

    private static LiveResponseJobRecord Decode(string path, JobJournalContent content)
    {
        try
        {
            return LiveResponseJobStoreExtensions.Decode(TextOf(content));
        }
        catch (LiveResponseJobFormatException e)
        {
            throw new JobJournalException(path, $"cannot be read: {e.Message}", "Resume it with the mde-lr that started it; the file was left unchanged.");
        }
    }
}
