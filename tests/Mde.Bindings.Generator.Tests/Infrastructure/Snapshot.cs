namespace Mde.Bindings.Generator.Tests.Infrastructure;

/// <summary>
/// Approved copies of generated files, kept under <c>Snapshots/</c> in the source tree. A difference fails the test
/// with the first differing line and writes a <c>.received</c> file beside the approved one; run the tests with
/// <c>MDE_APPROVE_SNAPSHOTS=1</c> to accept the new output.
/// </summary>
internal static class Snapshot
{
    public const string ApproveVariable = "MDE_APPROVE_SNAPSHOTS";

    private static bool Approving => Environment.GetEnvironmentVariable(ApproveVariable) == "1";

    public static string Directory(string caseName) => Path.Combine(RepositoryRoot(), "tests", "Mde.Bindings.Generator.Tests", "Snapshots", caseName);

    /// <summary>Compares <paramref name="files"/> (hint name → text) with the approved set for <paramref name="caseName"/>.</summary>
    public static void Verify(string caseName, IReadOnlyDictionary<string, string> files)
    {
        string directory = Directory(caseName);
        System.IO.Directory.CreateDirectory(directory);
        var problems = new List<string>();

        foreach ((string name, string text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            string approvedPath = Path.Combine(directory, name);
            string receivedPath = approvedPath + ".received";
            string normalized = text.Replace("\r\n", "\n");
            if (Approving)
            {
                File.WriteAllText(approvedPath, normalized);
                File.Delete(receivedPath);
                continue;
            }

            if (!File.Exists(approvedPath))
            {
                File.WriteAllText(receivedPath, normalized);
                problems.Add($"{name}: no approved file (new output written to {receivedPath})");
                continue;
            }

            string[] expected = File.ReadAllText(approvedPath).Replace("\r\n", "\n").Split('\n');
            string[] actual = normalized.Split('\n');
            int line = FirstDifference(expected, actual);
            if (line < 0)
            {
                File.Delete(receivedPath);
                continue;
            }

            File.WriteAllText(receivedPath, normalized);
            problems.Add($"{name}: line {line + 1} differs\n  approved: {Line(expected, line)}\n  received: {Line(actual, line)}");
        }

        foreach (string stale in System.IO.Directory.EnumerateFiles(directory).Where(p => !p.EndsWith(".received", StringComparison.Ordinal)))
        {
            if (!files.ContainsKey(Path.GetFileName(stale)))
            {
                if (Approving)
                {
                    File.Delete(stale);
                }
                else
                {
                    problems.Add($"{Path.GetFileName(stale)}: approved but no longer generated");
                }
            }
        }

        Assert.True(problems.Count == 0, $"Generated files differ from the approved snapshots ({ApproveVariable}=1 accepts them):\n" + string.Join("\n", problems));
    }

    private static int FirstDifference(string[] expected, string[] actual)
    {
        int common = Math.Min(expected.Length, actual.Length);
        for (int i = 0; i < common; i++)
        {
            if (expected[i] != actual[i])
            {
                return i;
            }
        }

        return expected.Length == actual.Length ? -1 : common;
    }

    private static string Line(string[] lines, int index) => index < lines.Length ? lines[index] : "(end of file)";

    public static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bindings.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Bindings.sln not found above " + AppContext.BaseDirectory);
    }
}
