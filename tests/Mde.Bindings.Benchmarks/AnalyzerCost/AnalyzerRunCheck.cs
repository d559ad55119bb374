namespace Mde.Bindings.Benchmarks.AnalyzerCost;

/// <summary>
/// Proof that a measured build ran our analyzer: an analyzer the compiler cannot load is only a warning (CS8032, or
/// CS9057 when it needs a newer compiler), and its share would then read 0 % instead of failing. The consumer project
/// has one file that keeps a link in a field (<see cref="ConsumerProjectWriter.CanaryFile"/>); the build must report
/// it as MDE1001, and the analyzer report must list our assembly.
/// </summary>
internal static class AnalyzerRunCheck
{
    private static readonly string[] LoadFailures = ["CS8032", "CS8033", "CS9057", "AD0001"];

    /// <summary>Why the build shows that our analyzer did not run, or <see langword="null"/> when it ran.</summary>
    public static string? Failure(string buildOutput, AnalyzerReport report, string assembly)
    {
        string[] lines = buildOutput.Split('\n');
        bool canaryReported = lines.Any(line => line.Contains(ConsumerProjectWriter.CanaryFile + "(", StringComparison.Ordinal) && line.Contains("warning MDE1001", StringComparison.Ordinal));
        bool listed = report.AnalyzerMs.Keys.Any(name => name.StartsWith(assembly, StringComparison.Ordinal));
        if (canaryReported && listed)
        {
            return null;
        }

        string[] causes = [.. lines.Where(line => LoadFailures.Any(code => line.Contains(code, StringComparison.Ordinal))).Select(line => line.Trim()).Distinct().Take(5)];
        return $"The build did not run {assembly}: "
            + (canaryReported ? string.Empty : $"{ConsumerProjectWriter.CanaryFile} keeps a link in a field and MDE1001 was not reported; ")
            + (listed ? string.Empty : "the compiler's analyzer report does not list the assembly; ")
            + (causes.Length > 0 ? "the compiler said:\n  " + string.Join("\n  ", causes) : "the compiler printed no load error (is the <Analyzer> item's path right?)")
            + "\nA share measured without the analyzer would read 0 %: no figures are reported.";
    }
}
