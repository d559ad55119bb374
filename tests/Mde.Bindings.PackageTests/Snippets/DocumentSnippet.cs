namespace Mde.Bindings.PackageTests.Snippets;

/// <summary>
/// One ```csharp block of a Markdown page, with what its marker asks of it (<see cref="SnippetMarker"/>).
/// </summary>
/// <param name="Document">The page's path relative to the repository root, with forward slashes (<c>docs/workflow.md</c>).</param>
/// <param name="FenceLine">The 1-based line of the opening fence.</param>
/// <param name="Lines">The block's lines, the fence's indentation removed.</param>
/// <param name="Marker">What the block's marker says; <see cref="SnippetMarker.Compile"/> when it has none.</param>
public sealed record DocumentSnippet(string Document, int FenceLine, IReadOnlyList<string> Lines, SnippetMarker Marker)
{
    /// <summary>The 1-based line of the block's first line of code.</summary>
    public int FirstLine => FenceLine + 1;

    /// <summary>Where the block is, as a reader finds it: <c>docs/workflow.md:31</c>.</summary>
    public string Location => $"{Document}:{FenceLine}";

    /// <summary>A C# identifier unique to the block in one build: <c>docs_workflow_md_L31</c>.</summary>
    public string Identifier =>
        new string(Document.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray()) + "_L" + FenceLine;

    /// <summary>The block's text, as pasted.</summary>
    public string Code => string.Join('\n', Lines);

    /// <inheritdoc/>
    public override string ToString() => $"{Location} ({Marker})";
}
