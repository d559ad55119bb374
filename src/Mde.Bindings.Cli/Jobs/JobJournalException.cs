namespace Mde.Bindings.Cli.Jobs;

/// <summary>
/// A <c>--job</c> journal that cannot be used as it is: written by a newer mde-lr, not a journal, damaged, made for
/// another job, or in use by another process. The message names the file and the fix; the file is left as it was.
/// </summary>
internal sealed class JobJournalException(string path, string problem, string fix)
    : Exception($"The job journal '{path}' {problem} {fix}")
{
    /// <summary>The journal's path as given.</summary>
    public string JournalPath { get; } = path;
}
