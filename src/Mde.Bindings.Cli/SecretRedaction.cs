using System.Text.RegularExpressions;
using Mde.Bindings.Auth;

namespace Mde.Bindings.Cli;

/// <summary>
/// Removes what may be a secret from free text (an unexpected exception's message) before the tool prints it: the
/// values of the secret variables it was given, links' queries and user info, bearer tokens, JSON web tokens, and
/// secret-looking <c>key=value</c> pairs.
/// </summary>
internal static partial class SecretRedaction
{
    /// <summary>The variables whose values are secrets wherever they appear.</summary>
    private static readonly string[] SecretVariables = [MdeEnvironmentVariables.ClientSecret, MdeEnvironmentVariables.ClientCertificatePassword];

    public static string Redact(string text, Func<string, string?> getVariable)
    {
        foreach (string name in SecretVariables)
        {
            if (getVariable(name) is { Length: > 0 } secret)
            {
                text = text.Replace(secret, Redaction.Placeholder, StringComparison.Ordinal);
            }
        }

        text = Link().Replace(text, match => Uri.TryCreate(match.Value, UriKind.Absolute, out Uri? link) ? Redaction.Redact(link) : Redaction.Placeholder);
        text = BearerToken().Replace(text, "${scheme} " + Redaction.Placeholder);
        text = JsonWebToken().Replace(text, Redaction.Placeholder);
        return SecretPair().Replace(text, "${key}=" + Redaction.Placeholder);
    }

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s'""<>]+")]
    private static partial Regex Link();

    [GeneratedRegex(@"\b(?<scheme>Bearer)\s+[A-Za-z0-9\-._~+/]+=*", RegexOptions.IgnoreCase)]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")]
    private static partial Regex JsonWebToken();

    [GeneratedRegex(@"\b(?<key>sig|signature|client_secret|access_token|refresh_token|password|secret|token)=[^\s&;,'""]+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPair();
}
