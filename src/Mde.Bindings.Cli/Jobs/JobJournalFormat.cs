using System.Buffers.Binary;
using System.Text;

namespace Mde.Bindings.Cli.Jobs;

/// <summary>
/// What makes a file an mde-lr job journal: a SQLite database whose header carries our application id and the
/// journal's format version (SQLite's <c>user_version</c>). Both sit in the file's first 100 bytes
/// (sqlite.org/fileformat.html, "The Database Header"), so a file is judged by reading them alone, before SQLite
/// opens it: a journal from a newer mde-lr, or a file that is no journal, is refused without being touched.
/// </summary>
internal static class JobJournalFormat
{
    /// <summary>"MDEJ": the application id every journal carries (SQLite's <c>PRAGMA application_id</c>).</summary>
    public const int ApplicationId = 0x4D44454A;

    /// <summary>The format this mde-lr writes and reads. A change to the tables or to what events mean gets a new one.</summary>
    public const int CurrentVersion = 1;

    private const int HeaderLength = 100;
    private const int UserVersionOffset = 60;
    private const int ApplicationIdOffset = 68;
    private static readonly byte[] s_magic = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>
    /// Reads the header of an existing file and throws <see cref="JobJournalException"/> unless it is a journal of
    /// <see cref="CurrentVersion"/>. Opens the file for reading only.
    /// </summary>
    public static void CheckHeader(string path)
    {
        byte[] header = new byte[HeaderLength];
        int read;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            read = file.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        }

        if (read < HeaderLength || !header.AsSpan(0, s_magic.Length).SequenceEqual(s_magic))
        {
            throw new JobJournalException(path, read == 0 ? "is empty, so it is no job journal." : "is not a job journal (not a SQLite database).", NotAJournalFix);
        }

        if (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(ApplicationIdOffset)) != ApplicationId)
        {
            throw new JobJournalException(path, "is a SQLite database, but not an mde-lr job journal.", NotAJournalFix);
        }

        int version = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(UserVersionOffset));
        if (version > CurrentVersion)
        {
            throw new JobJournalException(path, $"was written by a newer mde-lr (journal format {version}; this mde-lr reads format {CurrentVersion}).", "Resume it with the mde-lr that started it, or update mde-lr (dotnet tool update mde-lr); the file was left unchanged.");
        }

        if (version < 1)
        {
            throw new JobJournalException(path, $"carries journal format {version}, which no mde-lr writes: it is damaged.", DamagedFix);
        }
    }

    /// <summary>What to do about a file that is not a journal.</summary>
    public const string NotAJournalFix = "Give --job the path of a journal that 'mde-lr run --job' wrote, or a path where none exists yet to start a new job; the file was left unchanged.";

    /// <summary>What to do about a journal that cannot be read.</summary>
    public const string DamagedFix = "It cannot be resumed: look at 'mde-lr actions' for the actions it started, and start a new job with another --job path; the file was left unchanged.";
}
