using System.Text.RegularExpressions;

namespace Mde.Bindings.PackageTests.Snippets;

/// <summary>What a block asks of the snippet test.</summary>
public enum SnippetMode
{
    /// <summary>Compiled in a consumer of the package, as pasted (the default: no marker).</summary>
    Compile,

    /// <summary>Compiled, then run against a standalone emulator with only <c>MDE_EMULATOR_URL</c> set: it must exit 0.</summary>
    Runnable,

    /// <summary>The body of a method whose parameters are the marker's <c>given</c> list; compiled, never run.</summary>
    Fragment,

    /// <summary>Not compiled; the marker says why.</summary>
    Skip,
}

/// <summary>
/// The marker of a block: an HTML comment on the line before the fence (invisible once rendered) or the words after
/// the fence's language. The forms:
/// <list type="bullet">
/// <item><c>&lt;!-- snippet: runnable --&gt;</c></item>
/// <item><c>&lt;!-- snippet: fragment; given: ILiveResponseApi api, CancellationToken cancellationToken --&gt;</c></item>
/// <item><c>&lt;!-- snippet: skip the reason --&gt;</c> (the reason is required)</item>
/// </list>
/// </summary>
/// <param name="Mode">What the test does with the block.</param>
/// <param name="Detail">The reason of a skip, or the parameter list of a fragment (C# syntax); empty otherwise.</param>
public sealed partial record SnippetMarker(SnippetMode Mode, string Detail)
{
    /// <summary>The marker of a block that has none.</summary>
    public static SnippetMarker Compile { get; } = new(SnippetMode.Compile, string.Empty);

    /// <summary>The marker in <paramref name="text"/>: a whole HTML comment line, or the info string's words after the language.</summary>
    /// <exception cref="FormatException">The text starts a snippet marker that is malformed.</exception>
    public static SnippetMarker? FromComment(string text) =>
        Comment().Match(text.Trim()) is { Success: true } match ? Parse(match.Groups["body"].Value) : null;

    /// <summary>Reads the words after <c>snippet:</c> (or after the fence's language).</summary>
    /// <exception cref="FormatException">An unknown mode, a skip without a reason, a fragment without its <c>given</c> list.</exception>
    public static SnippetMarker Parse(string body)
    {
        string text = body.Trim();
        int end = text.IndexOfAny([' ', ';']);
        string mode = end < 0 ? text : text[..end];
        string rest = end < 0 ? string.Empty : text[end..].TrimStart(' ', ';').Trim();
        switch (mode)
        {
            case "runnable" when rest.Length == 0:
                return new SnippetMarker(SnippetMode.Runnable, string.Empty);
            case "compile" when rest.Length == 0:
                return Compile;
            case "skip" when rest.Length > 0:
                return new SnippetMarker(SnippetMode.Skip, rest);
            case "skip":
                throw new FormatException("A skipped snippet needs its reason: <!-- snippet: skip why it cannot compile -->.");
            case "fragment" when rest.StartsWith("given:", StringComparison.Ordinal) && rest.Length > "given:".Length:
                return new SnippetMarker(SnippetMode.Fragment, rest["given:".Length..].Trim());
            case "fragment":
                throw new FormatException("A fragment names the variables it uses: <!-- snippet: fragment; given: ILiveResponseApi api, CancellationToken cancellationToken -->.");
            default:
                throw new FormatException($"'{text}' is not a snippet marker: use runnable, compile, fragment; given: …, or skip <reason>.");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Detail.Length == 0 ? Mode.ToString() : $"{Mode}: {Detail}";

    [GeneratedRegex(@"^<!--\s*snippet:(?<body>.*?)-->$")]
    private static partial Regex Comment();
}
