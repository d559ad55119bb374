using System.Globalization;
using Mde.Bindings.Emulator.Auth;

namespace Mde.Bindings.Emulator.Http;

/// <summary>Maps an operation on the method and path template its spec description gives: routes are never retyped.</summary>
internal static class OperationRoutes
{
    public static void MapOperation(this IEndpointRouteBuilder routes, ApiGuard guard, EndpointDescription endpoint, Func<HttpContext, TokenClaims, Task> handler) =>
        routes.MapMethods(endpoint.PathTemplate, [endpoint.Method], guard.Protect(endpoint, handler)).WithDisplayName(endpoint.Name);

    public static string RouteValue(HttpContext context, string name) =>
        Convert.ToString(context.Request.RouteValues[name], CultureInfo.InvariantCulture) ?? string.Empty;
}
