using System.Globalization;
using System.Text;

namespace Mde.Bindings.Benchmarks.AnalyzerCost;

/// <summary>
/// Writes a consumer project of a given size: services that obtain download links and consume them at once, log,
/// build collections and call Refit interfaces — the code a user of the package writes, with CA rules on.
/// </summary>
internal static class ConsumerProjectWriter
{
    /// <summary>The file whose kept link the analyzer must report in every build (see <see cref="AnalyzerRunCheck"/>).</summary>
    public const string CanaryFile = "Canary.cs";

    public static void Write(string directory, int files, string runtimeAssembly, string analyzerAssembly)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <AnalysisLevel>latest</AnalysisLevel>
                <AnalysisMode>Recommended</AnalysisMode>
                <EnableNETAnalyzers>true</EnableNETAnalyzers>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Refit" Version="16.4.0" />
                <PackageReference Include="Microsoft.Extensions.Logging.Abstractions" Version="10.0.15" />
                <Reference Include="Mde.Bindings" HintPath="{runtimeAssembly}" />
                <Analyzer Include="{analyzerAssembly}" />
              </ItemGroup>
            </Project>
            """);

        // Empty props/targets stop the search for the repository's own (the project lives outside it anyway).
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />");
        foreach ((string name, string text) in Sources(files))
        {
            File.WriteAllText(Path.Combine(directory, name), text);
        }
    }

    /// <summary>The consumer's source files, by file name: the same code for the build and for the in-process walk.</summary>
    public static IEnumerable<(string Name, string Text)> Sources(int files)
    {
        yield return ("LiveResponseApi.cs", LiveResponseApi);
        yield return (CanaryFile, Canary);
        for (int i = 0; i < files; i++)
        {
            yield return ($"Worker{i:D4}.cs", Worker(i));
        }
    }

    private const string LiveResponseApi = """
        using Mde.Bindings;
        using Refit;

        namespace Consumer;

        public sealed class LiveResponseTranscript
        {
            public string? ScriptName { get; init; }
            public int ExitCode { get; init; }
            public string? ScriptOutput { get; init; }
        }

        public interface ILiveResponseApi
        {
            [Get("/api/machineactions/{machineActionId}/GetLiveResponseResultDownloadLink(index={commandIndex})")]
            Task<DownloadLink<LiveResponseTranscript>> GetLiveResponseResultDownloadLinkAsync(string machineActionId, int commandIndex, CancellationToken cancellationToken = default);
        }
        """;

    // One link kept in a field: MDE1001 in every build proves that the analyzer was loaded and ran.
    private const string Canary = """
        using Mde.Bindings;

        namespace Consumer;

        public sealed class Canary(ILiveResponseApi api)
        {
            private DownloadLink<LiveResponseTranscript>? _kept;

            public DownloadLink<LiveResponseTranscript>? Kept => _kept;

            public async Task KeepAsync(CancellationToken cancellationToken) =>
                _kept = await api.GetLiveResponseResultDownloadLinkAsync("canary", 0, cancellationToken).ConfigureAwait(false);
        }
        """;

    private static string Worker(int i)
    {
        string n = i.ToString("D4", CultureInfo.InvariantCulture);
        var source = new StringBuilder();
        source.Append(CultureInfo.InvariantCulture, $$"""
            using System.Globalization;
            using Mde.Bindings;
            using Microsoft.Extensions.Logging;
            using Refit;

            namespace Consumer.Area{{i % 25}};

            public sealed class Worker{{n}}
            {
                private readonly ILiveResponseApi _api;
                private readonly HttpClient _http;
                private readonly ILogger<Worker{{n}}> _logger;
                private readonly Dictionary<string, int> _lengths = new(StringComparer.Ordinal);
                private readonly List<string> _names = [];
                private DateTimeOffset _lastExpiry;

                public Worker{{n}}(ILiveResponseApi api, HttpClient http, ILogger<Worker{{n}}> logger)
                {
                    _api = api;
                    _http = http;
                    _logger = logger;
                }

                public DateTimeOffset LastExpiry => _lastExpiry;

                public async Task<int> DownloadAsync(string actionId, int index, CancellationToken cancellationToken)
                {
                    var link = await _api.GetLiveResponseResultDownloadLinkAsync(actionId, index, cancellationToken).ConfigureAwait(false);
                    _lastExpiry = link.ExpiresAt;
                    _logger.LogInformation("Result {Index} of {Action} valid until {Expires} on {Host}", index, actionId, link.ExpiresAt, link.Uri.Host);
                    using var response = await _http.GetAsync(link.Uri, cancellationToken).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                    string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    _lengths[actionId] = body.Length;
                    return body.Length;
                }

                public IReadOnlyList<string> Summarize(IEnumerable<string> lines)
                {
                    var result = new List<string>();
                    foreach (string line in lines)
                    {
                        string trimmed = line.Trim();
                        if (trimmed.Length == 0)
                        {
                            continue;
                        }

                        result.Add(string.Create(CultureInfo.InvariantCulture, $"{_names.Count}: {trimmed}"));
                        _names.Add(trimmed);
                    }

                    _logger.LogDebug("Summarized {Count} lines", result.Count);
                    return result;
                }

                public static string Describe(int value) => value switch
                {
                    < 0 => "negative",
                    0 => "zero",
                    _ => "n=" + value.ToString(CultureInfo.InvariantCulture),
                };

                public async Task<int[]> FanOutAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
                {
                    var tasks = ids.Select(id => DownloadAsync(id, 0, cancellationToken)).ToList();
                    int[] results = await Task.WhenAll(tasks).ConfigureAwait(false);
                    Array.Sort(results);
                    return results;
                }

                public int Total() => _lengths.Values.Sum() + _names.Count;
            }

            """);

        // One file in ten declares a Refit interface of its own, as a real code base has a few.
        if (i % 10 == 0)
        {
            source.Append(CultureInfo.InvariantCulture, $$"""

                public sealed record Item{{n}}(string Id, string Name);

                public interface IItems{{n}}
                {
                    [Get("/items/{id}")]
                    Task<Item{{n}}> GetAsync(string id, CancellationToken cancellationToken = default);

                    [Post("/items")]
                    Task CreateAsync([Body] Item{{n}} item, CancellationToken cancellationToken = default);
                }

                """);
        }

        return source.ToString();
    }
}
