using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Mde.Bindings.Cli.Jobs;

/// <summary>
/// The journal file of one job: a SQLite database holding the job's definition (one row) and its events (one row
/// each, in the order they were written), both as JSON. A new journal is built under a temporary name and renamed
/// into place, so a crash while it is made leaves no half-made journal. Events are written in WAL mode with
/// <c>synchronous=FULL</c>: each one is on disk before <see cref="Append"/> returns. While a journal is open for
/// writing, a lock file beside it (<c>&lt;journal&gt;.lock</c>) keeps a second process from running the same job.
/// </summary>
internal sealed class JobJournal : IDisposable
{
    private const string Schema = """
        CREATE TABLE job (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            job_id TEXT NOT NULL,
            service TEXT NOT NULL,
            definition TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE event (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            written_at TEXT NOT NULL
        );
        """;

    private readonly SqliteConnection _connection;
    private readonly FileStream _lock;
    private readonly TimeProvider _time;

    private JobJournal(string path, SqliteConnection connection, FileStream lockFile, TimeProvider time)
    {
        Path = path;
        _connection = connection;
        _lock = lockFile;
        _time = time;
    }

    /// <summary>The journal's path as given.</summary>
    public string Path { get; }

    /// <summary>Makes a new journal at <paramref name="path"/> holding the definition, and opens it for writing.</summary>
    /// <exception cref="JobJournalException">Something already exists at <paramref name="path"/>.</exception>
    /// <param name="path">Where the journal goes.</param>
    /// <param name="jobId">The job's id.</param>
    /// <param name="service">The service the job runs against (its actions live there; a resume must go there too).</param>
    /// <param name="definitionJson">The job's definition.</param>
    /// <param name="time">The clock of the journal's timestamps.</param>
    public static JobJournal Create(string path, string jobId, string service, string definitionJson, TimeProvider time)
    {
        string full = System.IO.Path.GetFullPath(path);
        string temporary = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        try
        {
            using (SqliteConnection connection = Connect(temporary, SqliteOpenMode.ReadWriteCreate))
            {
                Execute(connection, $"PRAGMA application_id = {JobJournalFormat.ApplicationId}; PRAGMA user_version = {JobJournalFormat.CurrentVersion}; PRAGMA synchronous = FULL;");
                using SqliteTransaction transaction = connection.BeginTransaction();
                Execute(connection, Schema, transaction);
                using SqliteCommand insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO job (singleton, job_id, service, definition, created_at) VALUES (1, $id, $service, $definition, $at)";
                insert.Parameters.AddWithValue("$id", jobId);
                insert.Parameters.AddWithValue("$service", service);
                insert.Parameters.AddWithValue("$definition", definitionJson);
                insert.Parameters.AddWithValue("$at", Timestamp(time));
                insert.ExecuteNonQuery();
                transaction.Commit();

                // WAL is a property of the file: set once here, every later connection writes through it.
                Execute(connection, "PRAGMA journal_mode = WAL;");
            }

            // Fails when a file appeared at the path meanwhile: a journal is never replaced.
            File.Move(temporary, full, overwrite: false);
        }
        catch (IOException) when (File.Exists(full))
        {
            throw new JobJournalException(path, "already exists.", "Resume it with 'mde-lr resume --job', or give another --job path.");
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new JobJournalException(path, $"cannot be created ({e.Message}).", "Give --job a path in a folder you can write to, on a disk with free space.");
        }
        finally
        {
            DeleteQuietly(temporary);
            DeleteQuietly(temporary + "-wal");
            DeleteQuietly(temporary + "-shm");
        }

        return OpenForWriting(path, time);
    }

    /// <summary>Checks an existing journal (header, then its content read-only) and opens it for writing.</summary>
    /// <exception cref="JobJournalException">The file is no journal of this format, is damaged, or another process writes it.</exception>
    public static JobJournal OpenForWriting(string path, TimeProvider time)
    {
        // Every check reads only: a file that fails one is left exactly as it was, with nothing new beside it.
        _ = Read(path);
        FileStream lockFile = TakeLock(path);
        try
        {
            SqliteConnection connection = Connect(path, SqliteOpenMode.ReadWrite);
            try
            {
                Execute(connection, "PRAGMA synchronous = FULL;");
                return new JobJournal(path, connection, lockFile, time);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Reads a journal without changing it: its definition and every event, oldest first.</summary>
    /// <exception cref="JobJournalException">The file is missing, no journal of this format, or damaged.</exception>
    public static JobJournalContent Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new JobJournalException(path, "does not exist.", "Give the --job path that 'mde-lr run --machines … --job' was given.");
        }

        JobJournalFormat.CheckHeader(path);
        try
        {
            using SqliteConnection connection = ConnectToRead(path);
            string check = Scalar(connection, "PRAGMA quick_check;");
            if (check != "ok")
            {
                throw Damaged(path, check);
            }

            (string jobId, string service, string definition) = ReadJob(connection, path);
            return new JobJournalContent(jobId, service, definition, ReadEvents(connection));
        }
        catch (SqliteException e)
        {
            throw Damaged(path, e.Message);
        }
    }

    /// <summary>Reads the journal as it stands now (this connection's view: every event appended so far).</summary>
    public JobJournalContent ReadAll()
    {
        (string jobId, string service, string definition) = ReadJob(_connection, Path);
        return new JobJournalContent(jobId, service, definition, ReadEvents(_connection));
    }

    /// <summary>Adds an event; it is on disk when this returns.</summary>
    public void Append(string kind, string bodyJson)
    {
        using SqliteCommand insert = _connection.CreateCommand();
        insert.CommandText = "INSERT INTO event (kind, body, written_at) VALUES ($kind, $body, $at)";
        insert.Parameters.AddWithValue("$kind", kind);
        insert.Parameters.AddWithValue("$body", bodyJson);
        insert.Parameters.AddWithValue("$at", Timestamp(_time));
        insert.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _connection.Dispose();
        _lock.Dispose();
    }

    private static (string JobId, string Service, string Definition) ReadJob(SqliteConnection connection, string path)
    {
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = "SELECT job_id, service, definition FROM job";
        using SqliteDataReader reader = select.ExecuteReader();
        if (!reader.Read())
        {
            throw Damaged(path, "it holds no job definition");
        }

        return (reader.GetString(0), reader.GetString(1), reader.GetString(2));
    }

    private static List<JobJournalEntry> ReadEvents(SqliteConnection connection)
    {
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = "SELECT sequence, kind, body FROM event ORDER BY sequence";
        using SqliteDataReader reader = select.ExecuteReader();
        var events = new List<JobJournalEntry>();
        while (reader.Read())
        {
            events.Add(new JobJournalEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return events;
    }

    private static FileStream TakeLock(string path)
    {
        try
        {
            // Held while the journal is written; the operating system lets go of it when the process ends, however it ends.
            return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new JobJournalException(path, "is in use by another mde-lr process running this job.", "Wait for it to end (or stop it), then resume; 'mde-lr job status --job' shows how far it got.");
        }
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        // No pooling: a pooled connection keeps the file open after the journal is disposed.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>
    /// A read-only connection that adds no file beside the journal. Without a <c>-wal</c> file (no writer since the
    /// last clean close) the journal is opened as immutable: SQLite then makes no <c>-wal</c> or <c>-shm</c> file. With
    /// one (a writer runs, or one was killed), events may live only there, so the journal is read through it.
    /// </summary>
    private static SqliteConnection ConnectToRead(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        return File.Exists(full + "-wal")
            ? Connect(path, SqliteOpenMode.ReadOnly)
            : Connect(new Uri(full).AbsoluteUri + "?immutable=1", SqliteOpenMode.ReadOnly);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private static JobJournalException Damaged(string path, string detail) =>
        new(path, $"is damaged ({detail}).", JobJournalFormat.DamagedFix);

    private static string Timestamp(TimeProvider time) => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is harmless; the error that brought us here matters more.
        }
    }
}
