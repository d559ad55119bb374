using Mde.Bindings.Auth;
using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.Auth;

/// <summary>
/// An application registered with the emulator's token endpoint: its client credentials and the application
/// permissions (app roles) its tokens carry. <see cref="ToString"/> never shows the secret.
/// </summary>
public sealed class EmulatorApp
{
    /// <summary>Creates an application.</summary>
    /// <exception cref="ArgumentException">The client id or secret is empty, or a role is empty.</exception>
    public EmulatorApp(string clientId, string clientSecret, IEnumerable<string> roles, string? displayName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        ArgumentNullException.ThrowIfNull(roles);
        Roles = roles.ToArray();
        if (Roles.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"An app role of '{clientId}' is empty: give permission names such as Machine.LiveResponse.", nameof(roles));
        }

        ClientId = clientId;
        ClientSecret = clientSecret;
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? clientId : displayName;
    }

    /// <summary>The client id sent as <c>client_id</c>.</summary>
    public string ClientId { get; }

    /// <summary>The client secret sent as <c>client_secret</c>: a credential, never logged.</summary>
    public string ClientSecret { get; }

    /// <summary>The application permissions its tokens carry in their <c>roles</c> claim.</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <summary>The app's display name (the token's <c>app_displayname</c>; library uploads report it as <c>createdBy</c>).</summary>
    public string DisplayName { get; }

    /// <summary>Every application permission the spec names (and so every role the emulator checks).</summary>
    public static IReadOnlyList<string> AllRoles { get; } =
        LiveResponseApiDescription.All.SelectMany(d => d.ApplicationPermissions).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The demo application registered by default, with every role. Its client id is a GUID, as Entra ID's are: the
    /// service names an app token's caller by that id in <c>requestor</c>.
    /// </summary>
    public static EmulatorApp Demo { get; } = new(EmulatorTokenSource.DemoClientId, EmulatorTokenSource.DemoClientSecret, AllRoles, "demo-app@emulator");

    /// <inheritdoc/>
    public override string ToString() => $"{DisplayName} (client {ClientId}, roles {string.Join(", ", Roles)})";
}
