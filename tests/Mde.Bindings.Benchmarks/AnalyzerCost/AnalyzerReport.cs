using System.Globalization;
using System.Text.RegularExpressions;

namespace Mde.Bindings.Benchmarks.AnalyzerCost;

/// <summary>
/// The per-assembly times that <c>-p:ReportAnalyzer=true</c> makes the compiler print (detailed verbosity):
/// "Total analyzer execution time: X seconds." followed by "  0.123   45   Assembly, Version=…" lines, then the
/// same for generators.
/// </summary>
internal sealed partial class AnalyzerReport
{
    public double TotalAnalyzerMs { get; private init; }

    public double TotalGeneratorMs { get; private init; }

    public IReadOnlyDictionary<string, double> AnalyzerMs { get; private init; } = new Dictionary<string, double>();

    public IReadOnlyDictionary<string, double> GeneratorMs { get; private init; } = new Dictionary<string, double>();

    public double Analyzers(string assemblyPrefix) =>
        AnalyzerMs.Where(pair => pair.Key.StartsWith(assemblyPrefix, StringComparison.Ordinal)).Sum(pair => pair.Value);

    public double Generators(string assemblyPrefix) =>
        GeneratorMs.Where(pair => pair.Key.StartsWith(assemblyPrefix, StringComparison.Ordinal)).Sum(pair => pair.Value);

    public static AnalyzerReport Parse(string buildOutput)
    {
        var analyzers = new Dictionary<string, double>(StringComparer.Ordinal);
        var generators = new Dictionary<string, double>(StringComparer.Ordinal);
        double? totalAnalyzers = null;
        double totalGenerators = 0;
        Dictionary<string, double>? current = null;
        foreach (string line in buildOutput.Split('\n'))
        {
            if (TotalLine().Match(line) is { Success: true } total)
            {
                double ms = Seconds(total.Groups["seconds"].Value);
                if (total.Groups["kind"].Value == "analyzer")
                {
                    totalAnalyzers = ms;
                    current = analyzers;
                }
                else
                {
                    totalGenerators = ms;
                    current = generators;
                }

                continue;
            }

            if (current is not null && AssemblyLine().Match(line) is { Success: true } entry)
            {
                string name = entry.Groups["name"].Value.Trim();
                current[name] = current.GetValueOrDefault(name) + Seconds(entry.Groups["seconds"].Value);
            }
        }

        if (totalAnalyzers is null)
        {
            throw new InvalidOperationException("The build printed no analyzer report: it must run csc with -p:ReportAnalyzer=true at detailed verbosity (-v:d).");
        }

        return new AnalyzerReport { TotalAnalyzerMs = totalAnalyzers.Value, TotalGeneratorMs = totalGenerators, AnalyzerMs = analyzers, GeneratorMs = generators };
    }

    // "<0.001" counts as half a millisecond: below the report's resolution, but not nothing.
    private static double Seconds(string text) =>
        text.StartsWith('<') ? 0.5 : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) * 1000;

    [GeneratedRegex(@"Total (?<kind>analyzer|generator) execution time: (?<seconds>[\d.]+) seconds")]
    private static partial Regex TotalLine();

    // Assembly lines name an assembly ("Name, Version=…"); the indented lines under them name single analyzers.
    [GeneratedRegex(@"^\s*(?<seconds><?[\d.]+)\s+<?\d+\s+(?<name>[^\s,]+), Version=")]
    private static partial Regex AssemblyLine();
}
