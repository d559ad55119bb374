using Microsoft.CodeAnalysis;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// The diagnostics of the analyzer. The IDs are part of the product's contract: each has a page under
/// docs/diagnostics/ and an entry in AnalyzerReleases.*.md. Severities can be changed in .editorconfig
/// (<c>dotnet_diagnostic.MDE1001.severity</c>).
/// </summary>
public static class DiagnosticDescriptors
{
    /// <summary>The ID of the rule against storing a link.</summary>
    public const string LinkStoredId = "MDE1001";

    /// <summary>The ID of the rule against logging a link.</summary>
    public const string LinkLoggedId = "MDE1002";

    private const string Category = "Mde.Bindings.Security";
    private const string HelpBase = "https://github.com/mde-bindings/mde-bindings/blob/main/docs/diagnostics/";

    /// <summary>MDE1001: a value of a <c>[ConsumeImmediately]</c> type, or text taken from it, outlives the code that obtained it.</summary>
    public static readonly DiagnosticDescriptor LinkStored = new(
        LinkStoredId,
        title: "Do not keep a short-lived download link",
        messageFormat: "A short-lived download link is {0}; download its content where the link is obtained and keep the content instead",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Values of a type marked [ConsumeImmediately] (such as DownloadLink<T>) are credentials that expire within minutes. "
            + "A link kept in a field, a collection, a cache, a stored lambda or a file fails later with 403 and leaks the credential to whoever can read that storage.",
        helpLinkUri: HelpBase + LinkStoredId + ".md");

    /// <summary>MDE1002: a link, or text taken from it, reaches a log, the console, a trace or an exception message.</summary>
    public static readonly DiagnosticDescriptor LinkLogged = new(
        LinkLoggedId,
        title: "Do not log a short-lived download link",
        messageFormat: "A short-lived download link is written to {0}; the link is a credential until it expires: log Redaction.Redact(link.Uri) or link.ExpiresAt instead",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A SAS download link grants access to its content to anyone who holds it until it expires. "
            + "Logs, consoles, traces and exception messages are copied to places with wider access than the code that obtained the link.",
        helpLinkUri: HelpBase + LinkLoggedId + ".md");
}
