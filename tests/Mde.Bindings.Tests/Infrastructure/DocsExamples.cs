using System.Text.Json.Nodes;

namespace Mde.Bindings.Tests.Infrastructure;

/// <summary>The API docs' own example payloads (tests/TestData/docs-examples), copied next to the test assembly.</summary>
internal static class DocsExamples
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "TestData", "docs-examples");

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));

    /// <summary>
    /// The published transcript examples hold a raw line break inside a string, which JSON forbids; escaping it is the
    /// one change that makes them parse (the runtime's transcript reader tolerates it without this help).
    /// </summary>
    public static string ReadTranscriptAsValidJson(string name)
    {
        string text = Read(name);
        var builder = new System.Text.StringBuilder(text.Length);
        bool inString = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '"' && (i == 0 || text[i - 1] != '\\'))
            {
                inString = !inString;
            }

            builder.Append(inString && c == '\n' ? "\\n" : c.ToString());
        }

        return builder.ToString();
    }

    /// <summary>True when two JSON texts hold the same data (member order and whitespace aside).</summary>
    public static bool JsonEquals(string expected, string actual) =>
        JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual));
}
