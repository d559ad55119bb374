using Mde.Bindings.Analyzers.Tests.Infrastructure;
using static Mde.Bindings.Analyzers.Tests.Infrastructure.Verify;

namespace Mde.Bindings.Analyzers.Tests;

/// <summary>
/// MDE1001 and MDE1002 for an export operation's answer (spec version 2 <c>exportFiles</c>): <c>ExportFiles&lt;T&gt;</c>
/// carries <c>[ConsumeImmediately]</c>, so the analyzer covers it by the attribute, and its <c>Links</c> (a list of
/// short-lived links) are the link's text like <c>DownloadLink&lt;T&gt;.Uri</c>.
/// </summary>
public sealed class ExportFilesTests
{
    /// <summary>The shape of what the generator emits for an exportFiles operation.</summary>
    private const string ExportsApi = """
        namespace Contoso.Defender.Exports
        {
            public sealed class SecureConfigurationRow
            {
                public string DeviceId { get; init; } = "";
            }

            public interface IExportsApi
            {
                global::System.Threading.Tasks.Task<global::Mde.Bindings.Exports.ExportFiles<SecureConfigurationRow>> ExportSecureConfigurationsAssessmentAsync(
                    int? sasValidHours = null, global::System.Threading.CancellationToken cancellationToken = default);
            }
        }

        """;

    private static Task AnalyzeAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        AnalyzerAsync([TestSources.Usings + "using Mde.Bindings.Exports;\nusing Contoso.Defender.Exports;\n" + source, ExportsApi], expected);

    [Fact]
    public Task Storing_the_export_in_a_field_is_reported() => AnalyzeAsync("""
        class C
        {
            private ExportFiles<SecureConfigurationRow>? _export;
            async Task M(IExportsApi api, CancellationToken ct)
            {
                var export = await api.ExportSecureConfigurationsAssessmentAsync(cancellationToken: ct);
                {|#0:_export = export|};
            }
        }
        """, Stored(0, "stored in field '_export'"));

    [Fact]
    public Task Storing_its_links_or_one_link_is_reported() => AnalyzeAsync("""
        class C
        {
            private IReadOnlyList<Uri>? _links;
            private Uri? _first;
            async Task M(IExportsApi api)
            {
                var export = await api.ExportSecureConfigurationsAssessmentAsync();
                {|#0:_links = export.Links|};
                {|#1:_first = export.Links[0]|};
            }
        }
        """, Stored(0, "stored in field '_links'"), Stored(1, "stored in field '_first'"));

    [Fact]
    public Task Logging_a_link_is_reported() => AnalyzeAsync("""
        class C
        {
            async Task M(IExportsApi api, ILogger logger)
            {
                var export = await api.ExportSecureConfigurationsAssessmentAsync();
                {|#0:logger.LogInformation("First file {Link}", export.Links[0])|};
            }
        }
        """, Logged(0, "ILogger.LogInformation"));

    [Fact]
    public Task Reading_the_rows_at_once_is_not_reported() => AnalyzeAsync("""
        class C
        {
            private readonly List<string> _devices = new();
            async Task M(IExportsApi api, ILogger logger, CancellationToken ct)
            {
                var export = await api.ExportSecureConfigurationsAssessmentAsync(6, ct);
                logger.LogInformation("{Count} files, expiring {ExpiresAt}", export.Links.Count, export.ExpiresAt);
                await foreach (SecureConfigurationRow row in export.ReadRowsAsync(ct))
                {
                    _devices.Add(row.DeviceId);
                }
            }
        }
        """);
}
