using Mde.Bindings.Generator.Tests.Infrastructure;
using Mde.Bindings.Generator.Tests.SpecFormat;
using Microsoft.CodeAnalysis;

namespace Mde.Bindings.Generator.Tests;

/// <summary>
/// Thousands of mutated and truncated specs: the generator never throws into the compiler, every failure is an MDE2xxx
/// error located inside the spec file, and whatever it does generate compiles.
/// </summary>
public sealed class SpecFuzzTests
{
    private const int MutationsPerSpec = 1500;
    private const int CompiledSamples = 25;
    private const string Alphabet = "{}[]\":,. \n0123456789-?/$abcxyzATQ\\";

    public static TheoryData<string, int> Seeds => new()
    {
        { "api-spec/live-response.api.json", 20261128 },
        { "Specs/all-features.api.json", 7 },
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutated_specs_never_crash_and_every_error_is_located(string specPath, int seed)
    {
        string original = File.ReadAllText(SpecFiles.FullPath(specPath));
        var random = new Random(seed);
        int withErrors = 0;
        int generated = 0;
        int compiled = 0;

        for (int i = 0; i < MutationsPerSpec; i++)
        {
            string text = Mutate(original, random);
            const string path = "/fuzz/spec.api.json";
            GenerationResult result = GeneratorHarness.Run((path, text));

            Assert.True(result.Single.Exception is null, $"mutation {i} threw: {result.Single.Exception}");
            Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id is "CS8785" or "AD0001");
            foreach (Diagnostic diagnostic in result.GeneratorDiagnostics)
            {
                Assert.StartsWith("MDE2", diagnostic.Id, StringComparison.Ordinal);
                Assert.NotEqual("MDE2099", diagnostic.Id);
                Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
                Assert.Equal(path, diagnostic.Location.GetLineSpan().Path);
                Assert.InRange(diagnostic.Location.SourceSpan.End, 0, text.Length);
            }

            if (result.GeneratorDiagnostics.Length > 0)
            {
                withErrors++;
                Assert.Empty(result.Sources);
                continue;
            }

            generated++;
            if (compiled < CompiledSamples && result.Sources.Count > 0)
            {
                compiled++;
                Assert.True(result.CompilationProblems.Count == 0,
                    $"mutation {i} generated code that does not compile:\n{string.Join("\n", result.CompilationProblems.Take(5))}\nspec:\n{text}");
            }
        }

        // The mutations must exercise both paths, or the test proves little.
        Assert.True(withErrors > MutationsPerSpec / 4, $"only {withErrors} mutations produced errors");
        Assert.True(generated > 20, $"only {generated} mutations still generated code");
    }

    private static string Mutate(string text, Random random)
    {
        int count = 1 + random.Next(3);
        for (int n = 0; n < count && text.Length > 0; n++)
        {
            int at = random.Next(text.Length);
            text = random.Next(7) switch
            {
                0 => text.Remove(at, 1),
                1 => text.Insert(at, Alphabet[random.Next(Alphabet.Length)].ToString()),
                2 => text.Substring(0, at),
                3 => text.Remove(at, Math.Min(text.Length - at, 1 + random.Next(40))),
                4 => text.Insert(at, text.Substring(random.Next(text.Length / 2), Math.Min(30, text.Length / 2))),
                5 => SwapWord(text, random),
                _ => text.Substring(0, at) + Alphabet[random.Next(Alphabet.Length)] + text.Substring(at + 1),
            };
        }

        return text;
    }

    /// <summary>Replaces one quoted word by another word of the spec, the kind of slip a human makes.</summary>
    private static string SwapWord(string text, Random random)
    {
        string[] words = text.Split('"').Where((_, i) => i % 2 == 1).Where(w => w.Length is > 0 and < 40).ToArray();
        if (words.Length < 2)
        {
            return text;
        }

        string from = words[random.Next(words.Length)];
        string to = words[random.Next(words.Length)];
        int at = text.IndexOf("\"" + from + "\"", StringComparison.Ordinal);
        return at < 0 ? text : text.Substring(0, at + 1) + to + text.Substring(at + 1 + from.Length);
    }
}
