using Mde.Bindings.Cli.Jobs;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Testing;
using Microsoft.Data.Sqlite;

namespace Mde.Bindings.Cli.Tests;

/// <summary>
/// The SQLite job journal on its own: what it keeps, that each event is in the file when AppendAsync returns, and
/// that a journal it cannot use (newer, not a journal, damaged, in use) is refused with a message naming the file and
/// the fix, and left byte for byte as it was.
/// </summary>
public sealed class SqliteJobStoreTests : IDisposable
{
    private const string Service = "the emulator at http://127.0.0.1:5080/";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_created_journal_gives_back_its_definition_and_events_in_order_after_a_reopen()
    {
        string path = _folder.Combine("job.db");
        LiveResponseJobDefinition definition = Definition();
        LiveResponseJobEvent[] events =
        [
            new LiveResponseJobEvent.DeviceQueued("device-0001"),
            new LiveResponseJobEvent.RunRequested("device-0001", definition.RunToken(0), DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture)),
            new LiveResponseJobEvent.ActionRecorded("device-0001", "action-1"),
            new LiveResponseJobEvent.ResultSaved("device-0001", 0, _folder.Combine("out", "device-0001", "00-minidump.ps1.transcript.json")),
            new LiveResponseJobEvent.DeviceFinished("device-0001", "action-1", MachineActionState.Succeeded, ["Completed"], null, null),
        ];
        using (var store = new SqliteLiveResponseJobStore(path, TimeProvider.System, Service))
        {
            Assert.Null(await store.LoadAsync());
            await store.CreateAsync(definition);
            foreach (LiveResponseJobEvent e in events)
            {
                await store.AppendAsync(e);
            }
        }

        using var reopened = new SqliteLiveResponseJobStore(path, TimeProvider.System, Service);
        LiveResponseJobRecord record = (await reopened.LoadRecordAsync())!;
        Assert.Equal(definition.JobId, record.Definition.JobId);
        Assert.Equal(definition.MachineIds, record.Definition.MachineIds);
        Assert.Equal(LiveResponseJobJson.Serialize(definition), LiveResponseJobJson.Serialize(record.Definition));
        Assert.Equal(events.Select(LiveResponseJobJson.Serialize), record.Events.Select(LiveResponseJobJson.Serialize));
        Assert.Equal(Service, reopened.HeldService);
    }

    [Fact]
    public async Task Each_event_is_in_the_file_when_append_returns_written_through_a_wal_with_full_sync()
    {
        string path = _folder.Combine("job.db");
        using var store = new SqliteLiveResponseJobStore(path, TimeProvider.System, Service);
        await store.CreateAsync(Definition());
        await store.AppendAsync(new LiveResponseJobEvent.DeviceQueued("device-0001"));

        // Another connection (as another process would) sees the event while the writer still holds the journal open.
        Assert.Single(SqliteLiveResponseJobStore.Read(path).Events);
        Assert.Equal("wal", Pragma(path, "journal_mode"));
        Assert.Equal(JobJournalFormat.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), Pragma(path, "user_version"));
        Assert.Equal(JobJournalFormat.ApplicationId.ToString(System.Globalization.CultureInfo.InvariantCulture), Pragma(path, "application_id"));
    }

    [Fact]
    public async Task A_journal_from_a_newer_mde_lr_is_refused_naming_the_file_and_left_unchanged()
    {
        string path = await JournalAsync();
        using (SqliteConnection connection = Open(path))
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {JobJournalFormat.CurrentVersion + 1}";
            command.ExecuteNonQuery();
        }

        JobJournalException refused = await AssertRefusedUnchangedAsync(path);
        Assert.Contains("newer mde-lr", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"journal format {JobJournalFormat.CurrentVersion + 1}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_journal_whose_definition_has_a_newer_format_is_refused_and_left_unchanged()
    {
        string path = await JournalAsync();
        using (SqliteConnection connection = Open(path))
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "UPDATE job SET definition = json_set(definition, '$.format_version', 99)";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        JobJournalException refused = await AssertRefusedUnchangedAsync(path);
        Assert.Contains("format 99", refused.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> BrokenFiles => ["empty", "text", "truncated", "other-database", "garbled-pages", "bad-event"];

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public async Task A_broken_journal_is_refused_naming_the_file_and_left_byte_for_byte_unchanged(string kind)
    {
        string path = _folder.Combine("job.db");
        switch (kind)
        {
            case "empty":
                await File.WriteAllBytesAsync(path, []);
                break;
            case "text":
                await File.WriteAllTextAsync(path, "machine-1\nmachine-2\n");
                break;
            case "truncated":
                byte[] whole = await File.ReadAllBytesAsync(await JournalAsync("whole.db"));
                await File.WriteAllBytesAsync(path, whole[..150]);
                break;
            case "other-database":
                using (SqliteConnection other = Open(path))
                {
                    using SqliteCommand create = other.CreateCommand();
                    create.CommandText = "CREATE TABLE t (x); INSERT INTO t VALUES (1);";
                    create.ExecuteNonQuery();
                }

                break;
            case "garbled-pages":
                byte[] journal = await File.ReadAllBytesAsync(await JournalAsync("whole.db"));
                Random.Shared.NextBytes(journal.AsSpan(100, journal.Length - 100));
                await File.WriteAllBytesAsync(path, journal);
                break;
            case "bad-event":
                await JournalAsync("job.db");
                using (SqliteConnection connection = Open(path))
                {
                    using SqliteCommand insert = connection.CreateCommand();
                    insert.CommandText = "INSERT INTO event (kind, body, written_at) VALUES ('DeviceQueued', '{\"event\":\"device_teleported\"}', '')";
                    insert.ExecuteNonQuery();
                }

                break;
        }

        await AssertRefusedUnchangedAsync(path);
    }

    [Fact]
    public async Task A_journal_being_run_by_another_store_is_refused_until_that_one_ends()
    {
        string path = await JournalAsync();
        using (var running = new SqliteLiveResponseJobStore(path, TimeProvider.System, Service))
        {
            Assert.NotNull(await running.LoadAsync());
            using var second = new SqliteLiveResponseJobStore(path, TimeProvider.System, Service);
            JobJournalException refused = await Assert.ThrowsAsync<JobJournalException>(async () => await second.LoadAsync());
            Assert.Contains("in use by another mde-lr process", refused.Message, StringComparison.Ordinal);

            // Reading (job status) does not wait for the runner.
            Assert.NotNull(SqliteLiveResponseJobStore.Read(path));
        }

        using var after = new SqliteLiveResponseJobStore(path, TimeProvider.System, Service);
        Assert.NotNull(await after.LoadAsync());
    }

    [Fact]
    public async Task Creating_over_an_existing_journal_is_refused_and_leaves_it_unchanged()
    {
        string path = await JournalAsync();
        byte[] before = await File.ReadAllBytesAsync(path);
        using var store = new SqliteLiveResponseJobStore(path, TimeProvider.System, Service);
        JobJournalException refused = await Assert.ThrowsAsync<JobJournalException>(async () => await store.CreateAsync(Definition()));

        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
    }

    private async Task<JobJournalException> AssertRefusedUnchangedAsync(string path)
    {
        byte[] before = await File.ReadAllBytesAsync(path);
        string[] besideBefore = Directory.GetFiles(_folder.Path).Order(StringComparer.Ordinal).ToArray();

        JobJournalException loading;
        using (var store = new SqliteLiveResponseJobStore(path, TimeProvider.System, Service))
        {
            loading = await Assert.ThrowsAsync<JobJournalException>(async () => await store.LoadAsync());
        }

        JobJournalException reading = Assert.Throws<JobJournalException>(() => SqliteLiveResponseJobStore.Read(path));
        foreach (JobJournalException refused in new[] { loading, reading })
        {
            Assert.Contains($"'{path}'", refused.Message, StringComparison.Ordinal);
            Assert.Contains("left unchanged", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.DoesNotContain(Directory.GetFiles(_folder.Path), f => f.EndsWith("-wal", StringComparison.Ordinal) && !besideBefore.Contains(f));
        return loading;
    }

    private async Task<string> JournalAsync(string name = "job.db")
    {
        string path = _folder.Combine(name);
        using var store = new SqliteLiveResponseJobStore(path, TimeProvider.System, Service);
        LiveResponseJobDefinition definition = Definition();
        await store.CreateAsync(definition);
        foreach (string device in definition.MachineIds)
        {
            await store.AppendAsync(new LiveResponseJobEvent.DeviceQueued(device));
        }

        return path;
    }

    private LiveResponseJobDefinition Definition() => LiveResponseJobDefinition.Create(
        Enumerable.Range(1, 40).Select(n => $"device-{n:D4}"),
        [LiveResponseCommandRequest.RunScript("minidump.ps1", "OfficeClickToRun")],
        new LiveResponseRunOptions { OutputDirectory = _folder.Combine("out"), Comment = "mde-lr" });

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static string Pragma(string path, string name)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
