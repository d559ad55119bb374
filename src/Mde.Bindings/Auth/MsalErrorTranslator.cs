using System.Text.RegularExpressions;
using Microsoft.Identity.Client;

namespace Mde.Bindings.Auth;

/// <summary>
/// Turns an identity library error into an <see cref="MdeAuthenticationException"/> that says what to check.
/// Only error codes are copied: the server's free text stays in the inner exception.
/// </summary>
internal static partial class MsalErrorTranslator
{
    private const string CheckCredential =
        "Check the client secret or certificate: it must be a current credential of this app registration (Certificates & secrets), not expired, and for a secret its value rather than its id.";

    private const string CheckClientId =
        "Check the client id, and that the app registration exists in this tenant (a multi-tenant app must be consented to in it).";

    private const string CheckTenantId =
        "Check the tenant id: it must be the directory (tenant) id or a verified domain of the tenant, in the chosen cloud.";

    private const string CheckConsent =
        "Check that an administrator granted consent to the app's WindowsDefenderATP application permissions in this tenant, and that the audience is the API's.";

    private const string CheckManagedIdentity =
        "Check that this process runs on an Azure resource with this managed identity assigned, and that the identity was granted the WindowsDefenderATP application permissions.";

    private const string CheckEverything =
        "Check the tenant id, the client id, the secret or certificate, admin consent and the app's WindowsDefenderATP application permissions.";

    public static MdeAuthenticationException Translate(MsalException exception, string attempt)
    {
        string[] entraCodes = [.. EntraErrorCode().Matches(exception.Message).Select(m => m.Value).Distinct()];
        string codes = string.Join(", ", new[] { exception.ErrorCode }.Concat(entraCodes).Where(c => !string.IsNullOrEmpty(c)));
        string message = $"{attempt} failed{(codes.Length > 0 ? $" ({codes})" : string.Empty)}. {HintFor(exception.ErrorCode, entraCodes)}";
        return new MdeAuthenticationException(message, exception.ErrorCode, exception);
    }

    private static string HintFor(string? errorCode, string[] entraCodes)
    {
        foreach (string code in entraCodes)
        {
            switch (code)
            {
                case "AADSTS7000215": // invalid client secret
                case "AADSTS7000222": // expired client secret
                case "AADSTS700027": // assertion signed by an unknown certificate
                case "AADSTS700024": // assertion outside its validity window (clock skew)
                    return CheckCredential;
                case "AADSTS700016": // application not found in the directory
                    return CheckClientId;
                case "AADSTS90002": // tenant not found
                case "AADSTS900023": // malformed tenant
                case "AADSTS90072": // tenant not in this cloud
                    return CheckTenantId;
                case "AADSTS500011": // resource principal not found in the tenant
                case "AADSTS65001": // consent missing
                case "AADSTS501051": // app not assigned a role
                    return CheckConsent;
            }
        }

        return errorCode switch
        {
            "invalid_client" => CheckCredential,
            "unauthorized_client" => CheckClientId,
            "invalid_resource" or "invalid_scope" => CheckConsent,
            _ when errorCode?.StartsWith("managed_identity", StringComparison.Ordinal) == true => CheckManagedIdentity,
            _ => CheckEverything,
        };
    }

    [GeneratedRegex(@"AADSTS\d+", RegexOptions.CultureInvariant)]
    private static partial Regex EntraErrorCode();
}
