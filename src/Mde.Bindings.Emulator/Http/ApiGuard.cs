using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Protocol;
using Mde.Bindings.Emulator.State;
using Microsoft.Net.Http.Headers;

namespace Mde.Bindings.Emulator.Http;

/// <summary>
/// What stands before every API handler, in order: injected faults, the bearer token (401), the token's audience and
/// roles against the endpoint's application permissions (403), then the endpoint's rate limits (429).
/// </summary>
internal sealed class ApiGuard
{
    private readonly EmulatorRuntime _runtime;

    public ApiGuard(EmulatorRuntime runtime)
    {
        _runtime = runtime;
    }

    public RequestDelegate Protect(EndpointDescription endpoint, Func<HttpContext, TokenClaims, Task> handler) =>
        async context =>
        {
            try
            {
                await _runtime.FaultInjector.InvokeAsync(context, endpoint.Name, c => AuthorizeAndHandleAsync(c, endpoint, handler)).ConfigureAwait(false);
            }
            finally
            {
                _runtime.Calls.Record(endpoint.Name, context.Response.StatusCode);
            }
        };

    private async Task AuthorizeAndHandleAsync(HttpContext context, EndpointDescription endpoint, Func<HttpContext, TokenClaims, Task> handler)
    {
        if (!TryReadBearer(context, out string? token))
        {
            await UnauthorizedAsync(context, "The request has no 'Authorization: Bearer <token>' header.").ConfigureAwait(false);
            return;
        }

        if (!_runtime.Tokens.TryValidate(token, out TokenClaims? claims, out string failure))
        {
            await UnauthorizedAsync(context, failure).ConfigureAwait(false);
            return;
        }

        if (!AcceptedAudiences.Contains(claims.Audience))
        {
            await ErrorResponses.WriteAsync(context, 403, "Forbidden", $"The token was issued for '{claims.Audience}', not for this API: request it for {LiveResponseApiDescription.Audience}/.default.").ConfigureAwait(false);
            return;
        }

        if (!endpoint.ApplicationPermissions.Any(p => claims.Roles.Contains(p, StringComparer.Ordinal)))
        {
            // The service's text (Azure/Azure-Sentinel issue 13457 and pull request 14672): the endpoint's roles, then the token's.
            string message = $"Missing application roles. API required roles: {string.Join(",", endpoint.ApplicationPermissions)}, application roles: {string.Join(",", claims.Roles)}.";
            await ErrorResponses.WriteAsync(context, 403, "Forbidden", message).ConfigureAwait(false);
            return;
        }

        if (_runtime.Options.EnforceRateLimits && !_runtime.Limiter.TryAdmit(claims.AppId, endpoint, out TimeSpan retryAfter))
        {
            string limits = string.Join(" and ", endpoint.Limits);
            await ErrorResponses.WriteAsync(context, RequestError.TooManyRequests($"Too many requests: {endpoint.Name} allows {limits} per application.", _runtime.Options.RetryAfterOnTheWire(retryAfter))).ConfigureAwait(false);
            return;
        }

        await handler(context, claims).ConfigureAwait(false);
    }

    private static bool TryReadBearer(HttpContext context, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? token)
    {
        string? header = context.Request.Headers.Authorization;
        const string Scheme = "Bearer ";
        if (header is not null && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && header.Length > Scheme.Length)
        {
            token = header[Scheme.Length..].Trim();
            return token.Length > 0;
        }

        token = null;
        return false;
    }

    private static Task UnauthorizedAsync(HttpContext context, string message)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer error=\"invalid_token\"";
        return ErrorResponses.WriteAsync(context, 401, "Unauthorized", message);
    }
}
