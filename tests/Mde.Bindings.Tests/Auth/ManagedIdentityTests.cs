using System.Net;
using Mde.Bindings.Auth;
using Microsoft.Identity.Client.AppConfig;

namespace Mde.Bindings.Tests.Auth;

/// <summary>
/// Real MSAL managed identity applications. With no App Service, Arc or Cloud Shell variables set, MSAL asks the
/// Azure Instance Metadata Service, whose calls go through the same HTTP hook to the fake. MSAL keeps managed
/// identity tokens in a cache shared by every application in the process, so each test asks for its own audience.
/// </summary>
public sealed class ManagedIdentityTests : IDisposable
{
    private readonly FakeIdentityProvider _identity = new();

    public void Dispose() => _identity.Dispose();

    [Fact]
    public async Task A_system_assigned_identity_asks_the_metadata_service_once_for_the_audience()
    {
        // GCC scope: demisto/content MicrosoftApiModule.py (gcc), after demisto/content PR 34360.
        const string audience = "https://securitycenter.onmicrosoft.com/windowsatpservice";
        var options = new MdeAuthOptions { Cloud = MdeCloud.Gcc, ManagedIdentity = ManagedIdentityId.SystemAssigned };
        var api = new RecordingApi();
        using var client = new HttpClient(new BearerTokenHandler(options.CreateTokenSource(_identity), options) { InnerHandler = api });

        using HttpResponseMessage first = await client.GetAsync("https://api-gcc.securitycenter.microsoft.us/api/machineactions/1");
        using HttpResponseMessage second = await client.GetAsync("https://api-gcc.securitycenter.microsoft.us/api/machineactions/2");

        Assert.All(api.Requests, r => Assert.StartsWith("Bearer token-", r.Authorization));
        Assert.Equal(api.Requests[0].Authorization, api.Requests[1].Authorization);
        IdentityRequest request = Assert.Single(_identity.TokenRequests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(audience, request.Query["resource"]);
        Assert.Equal("true", request.Headers["Metadata"]);
        Assert.Null(request.Query["client_id"]);
    }

    [Fact]
    public async Task A_user_assigned_identity_names_its_client_id()
    {
        const string identityClientId = "5c2f8e1a-7b3d-4e6f-9a0b-1c2d3e4f5a6b";
        var source = new MsalManagedIdentityTokenSource(ManagedIdentityId.WithUserAssignedClientId(identityClientId), _identity);

        MdeAccessToken token = await source.GetTokenAsync("https://mde-bindings.test/user-assigned", forceRefresh: false, CancellationToken.None);

        Assert.StartsWith("token-", token.Value);
        IdentityRequest request = Assert.Single(_identity.TokenRequests);
        Assert.Equal(identityClientId, request.Query["client_id"]);
        Assert.Equal("https://mde-bindings.test/user-assigned", request.Query["resource"]);
    }

    [Fact]
    public async Task A_refused_identity_surfaces_as_an_authentication_error()
    {
        _identity.Answer = _ => FakeIdentityProvider.Json(
            HttpStatusCode.BadRequest,
            """{"error":"invalid_request","error_description":"Identity not found"}""");
        var source = new MsalManagedIdentityTokenSource(ManagedIdentityId.SystemAssigned, _identity);

        MdeAuthenticationException error = await Assert.ThrowsAsync<MdeAuthenticationException>(
            () => source.GetTokenAsync("https://mde-bindings.test/refused", forceRefresh: false, CancellationToken.None));

        Assert.Contains("managed identity", error.Message);
        Assert.NotNull(error.ErrorCode);
    }
}
