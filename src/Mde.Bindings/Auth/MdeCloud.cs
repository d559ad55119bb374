using System.Diagnostics.CodeAnalysis;

namespace Mde.Bindings.Auth;

/// <summary>
/// A Microsoft cloud the Defender for Endpoint API runs in: where the API answers, where tokens are signed in,
/// and which audience a token must be issued for.
/// </summary>
/// <remarks>
/// <para>
/// Commercial tokens are requested for <c>https://api.securitycenter.microsoft.com</c> (the spec's audience) even
/// when the API is called on <c>api.security.microsoft.com</c> or a regional host: the service documents that a
/// token for another audience is answered with 403 Forbidden.
/// </para>
/// <para>
/// Microsoft's page for US Government customers gives only the API and sign-in hosts per cloud. The audiences of the
/// government clouds follow the integrations that run against them: the Defender application's identifier URI,
/// <c>https://securitycenter.onmicrosoft.com/windowsatpservice</c> for GCC (which signs in on the commercial host)
/// and <c>https://securitycenter.onmicrosoft.us/windowsatpservice</c> for GCC High and DoD. docs/authentication.md
/// names the sources. A tenant that needs other values sets <see cref="MdeAuthOptions.Scope"/> and
/// <see cref="MdeAuthOptions.ApiBaseAddress"/>.
/// </para>
/// </remarks>
public sealed class MdeCloud
{
    private const string CommercialAudience = "https://api.securitycenter.microsoft.com";
    private static readonly Uri s_commercialSignIn = new("https://login.microsoftonline.com");
    private const string GccAudience = "https://securitycenter.onmicrosoft.com/windowsatpservice";
    private const string UsGovernmentAudience = "https://securitycenter.onmicrosoft.us/windowsatpservice";
    private static readonly Uri s_usGovernmentSignIn = new("https://login.microsoftonline.us");

    private MdeCloud(string name, Uri apiBaseAddress, Uri authorityHost, string audience)
    {
        Name = name;
        ApiBaseAddress = apiBaseAddress;
        AuthorityHost = authorityHost;
        Audience = audience;
    }

    /// <summary>The commercial cloud: API <c>https://api.security.microsoft.com</c>, sign-in <c>https://login.microsoftonline.com</c>.</summary>
    public static MdeCloud Commercial { get; } =
        new("Commercial", new Uri("https://api.security.microsoft.com"), s_commercialSignIn, CommercialAudience);

    /// <summary>
    /// The commercial cloud on the older host <c>https://api.securitycenter.microsoft.com</c>, which older API
    /// pages still use. Same sign-in and audience as <see cref="Commercial"/>.
    /// </summary>
    public static MdeCloud CommercialLegacy { get; } =
        new("Commercial", new Uri("https://api.securitycenter.microsoft.com"), s_commercialSignIn, CommercialAudience);

    /// <summary>US Government Community Cloud: API <c>https://api-gcc.securitycenter.microsoft.us</c>, sign-in <c>https://login.microsoftonline.com</c>.</summary>
    public static MdeCloud Gcc { get; } =
        new("GCC", new Uri("https://api-gcc.securitycenter.microsoft.us"), s_commercialSignIn, GccAudience);

    /// <summary>US Government Community Cloud High: API <c>https://api-gov.securitycenter.microsoft.us</c>, sign-in <c>https://login.microsoftonline.us</c>.</summary>
    public static MdeCloud GccHigh { get; } =
        new("GCCHigh", new Uri("https://api-gov.securitycenter.microsoft.us"), s_usGovernmentSignIn, UsGovernmentAudience);

    /// <summary>US Department of Defense: the same API and sign-in hosts as <see cref="GccHigh"/>.</summary>
    public static MdeCloud DoD { get; } =
        new("DoD", new Uri("https://api-gov.securitycenter.microsoft.us"), s_usGovernmentSignIn, UsGovernmentAudience);

    /// <summary>The region prefixes of the commercial API's regional hosts (<c>{region}.api.security.microsoft.com</c>).</summary>
    public static IReadOnlyList<string> CommercialRegions { get; } = ["us", "eu", "uk", "au", "swa", "ina", "aea"];

    /// <summary>The names <see cref="Parse"/> accepts, in the order they are listed in messages.</summary>
    public static IReadOnlyList<string> Names { get; } = [Commercial.Name, Gcc.Name, GccHigh.Name, DoD.Name];

    /// <summary>The cloud's name as <see cref="Parse"/> reads it: <c>Commercial</c>, <c>GCC</c>, <c>GCCHigh</c> or <c>DoD</c>.</summary>
    public string Name { get; }

    /// <summary>The root the API's paths (<c>/api/…</c>) are appended to.</summary>
    public Uri ApiBaseAddress { get; }

    /// <summary>The Microsoft Entra sign-in host; the authority is this host followed by the tenant.</summary>
    public Uri AuthorityHost { get; }

    /// <summary>The resource tokens are issued for (no <c>/.default</c> suffix).</summary>
    public string Audience { get; }

    /// <summary>The scope an app token is requested with: <see cref="Audience"/> followed by <c>/.default</c>.</summary>
    public string Scope => Audience + MdeAuthOptions.DefaultScopeSuffix;

    /// <summary>
    /// The commercial cloud on a regional host, <c>https://{region}.api.security.microsoft.com</c>, which serves
    /// requests from data in that region faster. Sign-in and audience are those of <see cref="Commercial"/>.
    /// </summary>
    /// <param name="region">One of <see cref="CommercialRegions"/> (case-insensitive).</param>
    /// <exception cref="ArgumentException">The region is not one of <see cref="CommercialRegions"/>.</exception>
    public static MdeCloud CommercialRegion(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        string? known = CommercialRegions.FirstOrDefault(r => string.Equals(r, region.Trim(), StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            throw new ArgumentException(
                $"'{region}' is not a regional host of the Defender for Endpoint API. Use one of: {string.Join(", ", CommercialRegions)}.",
                nameof(region));
        }

        return new MdeCloud(Commercial.Name, new Uri($"https://{known}.api.security.microsoft.com"), s_commercialSignIn, CommercialAudience);
    }

    /// <summary>Reads a cloud name (<c>Commercial</c>, <c>GCC</c>, <c>GCCHigh</c>, <c>DoD</c>; case-insensitive, surrounding spaces ignored).</summary>
    /// <exception cref="FormatException">The name is not one of <see cref="Names"/>; the message lists them.</exception>
    public static MdeCloud Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryParse(name, out MdeCloud? cloud)
            ? cloud
            : throw new FormatException($"'{name}' is not a known cloud. Use one of: {string.Join(", ", Names)}.");
    }

    /// <summary>Reads a cloud name like <see cref="Parse"/>, returning <see langword="false"/> instead of throwing.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out MdeCloud? cloud)
    {
        cloud = name?.Trim().ToUpperInvariant() switch
        {
            "COMMERCIAL" => Commercial,
            "GCC" => Gcc,
            "GCCHIGH" => GccHigh,
            "DOD" => DoD,
            _ => null,
        };
        return cloud is not null;
    }

    /// <summary>The authority tokens for <paramref name="tenantId"/> are requested from: the sign-in host followed by the tenant.</summary>
    public Uri GetAuthority(string tenantId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return new Uri(AuthorityHost, Uri.EscapeDataString(tenantId.Trim()));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({ApiBaseAddress.Host})";
}
