using System.Security.Cryptography;
using System.Text;
using Mde.Bindings.Auth;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Http;
using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.Auth;

/// <summary>
/// The client-credentials token endpoint, <c>POST /oauth2/v2.0/token</c> (also under a tenant segment, as Entra ID
/// serves it). Errors use the OAuth 2.0 shape <c>{"error", "error_description"}</c>.
/// </summary>
internal sealed class TokenIssuingEndpoint
{
    public const string Path = "/" + EmulatorTokenSource.TokenPath;

    private readonly EmulatorRuntime _runtime;

    public TokenIssuingEndpoint(EmulatorRuntime runtime)
    {
        _runtime = runtime;
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        RequestDelegate handler = context => _runtime.FaultInjector.InvokeAsync(context, EmulatorRoutes.Token, HandleAsync);
        routes.MapPost(Path, handler).WithDisplayName(EmulatorRoutes.Token);
        routes.MapPost("/{tenant}" + Path, handler).WithDisplayName(EmulatorRoutes.Token);
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            await OAuthErrorAsync(context, 400, "invalid_request", "Send the token request as application/x-www-form-urlencoded.").ConfigureAwait(false);
            return;
        }

        IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (form["grant_type"] != "client_credentials")
        {
            await OAuthErrorAsync(context, 400, "unsupported_grant_type", "The emulator issues tokens for grant_type=client_credentials only.").ConfigureAwait(false);
            return;
        }

        string clientId = form["client_id"].ToString();
        EmulatorApp? app = _runtime.Apps.FirstOrDefault(a => string.Equals(a.ClientId, clientId, StringComparison.Ordinal));
        if (app is null || !SecretMatches(app.ClientSecret, form["client_secret"].ToString()))
        {
            await OAuthErrorAsync(context, 401, "invalid_client", "Unknown client id or wrong client secret.").ConfigureAwait(false);
            return;
        }

        const string DefaultSuffix = "/.default";
        string scope = form["scope"].ToString().Trim();
        string expected = LiveResponseApiDescription.Audience.TrimEnd('/');
        if (!scope.EndsWith(DefaultSuffix, StringComparison.Ordinal) || !AcceptedAudiences.Contains(scope[..^DefaultSuffix.Length]))
        {
            await OAuthErrorAsync(context, 400, "invalid_scope", $"Ask for the scope {expected}/.default (or {string.Join(" or ", AcceptedAudiences.All.Skip(1).Select(a => a + DefaultSuffix))}).").ConfigureAwait(false);
            return;
        }

        (string token, DateTimeOffset expiresAt) = _runtime.Tokens.Issue(app, scope[..^DefaultSuffix.Length]);
        long expiresIn = (long)(expiresAt - _runtime.TimeProvider.GetUtcNow()).TotalSeconds;
        context.Response.Headers.CacheControl = "no-store";
        await JsonResponses.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("token_type", "Bearer");
            writer.WriteNumber("expires_in", expiresIn);
            writer.WriteNumber("ext_expires_in", expiresIn);
            writer.WriteString("access_token", token);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static bool SecretMatches(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    private static Task OAuthErrorAsync(HttpContext context, int statusCode, string error, string description) =>
        JsonResponses.WriteAsync(context, statusCode, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", error);
            writer.WriteString("error_description", description);
            writer.WriteEndObject();
        });
}
