using Mde.Bindings.Auth;
using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.Auth;

/// <summary>
/// The resources the emulator issues tokens for and accepts tokens of: the spec's audience, and the Defender
/// application's identifier URI (<c>…/windowsatpservice</c>) in its commercial and US Government forms, which real
/// integrations request (see docs/authentication.md for the sources).
/// </summary>
internal static class AcceptedAudiences
{
    /// <summary>The accepted audiences, the spec's first.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        LiveResponseApiDescription.Audience.TrimEnd('/'),
        MdeCloud.Gcc.Audience,
        MdeCloud.GccHigh.Audience,
    ];

    /// <summary>Whether <paramref name="audience"/> (with or without a trailing slash, any case) is one of <see cref="All"/>.</summary>
    public static bool Contains(string audience) =>
        All.Contains(audience.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);
}
