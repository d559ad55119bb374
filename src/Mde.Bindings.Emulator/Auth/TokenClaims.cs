namespace Mde.Bindings.Emulator.Auth;

/// <summary>What a valid token says about its caller.</summary>
internal sealed record TokenClaims(string AppId, string DisplayName, string Audience, IReadOnlyList<string> Roles);
