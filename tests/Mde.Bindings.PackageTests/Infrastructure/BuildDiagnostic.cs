using System.Text.RegularExpressions;

namespace Mde.Bindings.PackageTests.Infrastructure;

/// <summary>One warning or error line of MSBuild's console output (<c>file(line,col): warning ID: message [project]</c>).</summary>
public sealed partial record BuildDiagnostic(string File, int Line, int Column, string Severity, string Id, string Message)
{
    /// <summary>Every diagnostic in <paramref name="output"/>, each once (the console logger may repeat them in its summary).</summary>
    public static IReadOnlyList<BuildDiagnostic> Parse(string output) =>
        output.Split('\n')
            .Select(line => Located().Match(line) is { Success: true } located
                ? Create(located, int.Parse(located.Groups["line"].Value), int.Parse(located.Groups["column"].Value))
                : Unlocated().Match(line) is { Success: true } unlocated ? Create(unlocated, 0, 0) : null)
            .OfType<BuildDiagnostic>()
            .Distinct()
            .ToList();

    /// <summary>The file name without its folder.</summary>
    public string FileName => System.IO.Path.GetFileName(File);

    /// <inheritdoc/>
    public override string ToString() => $"{File}({Line},{Column}): {Severity} {Id}: {Message}";

    private static BuildDiagnostic Create(Match match, int line, int column) =>
        new(match.Groups["file"].Value.Trim(), line, column, match.Groups["severity"].Value, match.Groups["id"].Value, match.Groups["message"].Value.Trim());

    [GeneratedRegex(@"^\s*(?<file>.+?)\((?<line>\d+),(?<column>\d+)(?:,\d+,\d+)?\): (?<severity>warning|error) (?<id>[A-Za-z]+\d+): (?<message>.*?)(?:\s+\[[^\]]*\])?\s*$")]
    private static partial Regex Located();

    [GeneratedRegex(@"^\s*(?<file>[^:(]+?) : (?<severity>warning|error) (?<id>[A-Za-z]+\d+): (?<message>.*?)(?:\s+\[[^\]]*\])?\s*$")]
    private static partial Regex Unlocated();
}
