using System.Net;
using System.Text;
using Mde.Bindings.Auth;

namespace Mde.Bindings.Tests.Auth;

/// <summary>The handler over real MSAL, with the identity provider faked behind MSAL's HTTP client factory.</summary>
public sealed class BearerTokenHandlerTests : IDisposable
{
    private readonly FakeIdentityProvider _identity = new();
    private readonly RecordingApi _api = new();
    private readonly HttpClient _client;

    public BearerTokenHandlerTests()
    {
        MdeAuthOptions options = TestTenant.SecretOptions();
        var handler = new BearerTokenHandler(options.CreateTokenSource(_identity), options) { InnerHandler = _api };
        _client = new HttpClient(handler) { BaseAddress = options.Cloud.ApiBaseAddress };
    }

    public void Dispose()
    {
        _client.Dispose();
        _identity.Dispose();
    }

    [Fact]
    public async Task Sends_a_token_for_the_spec_audience_to_the_api_host()
    {
        using HttpResponseMessage response = await _client.GetAsync("/api/machineactions/7");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        ApiRequest sent = Assert.Single(_api.Requests);
        Assert.Equal("https://api.security.microsoft.com/api/machineactions/7", sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer token-1", sent.Authorization);

        IdentityRequest tokenRequest = Assert.Single(_identity.TokenRequests);
        Assert.Equal($"https://login.microsoftonline.com/{TestTenant.TenantId}/oauth2/v2.0/token", tokenRequest.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal("client_credentials", tokenRequest.Form["grant_type"]);
        Assert.Equal(TestTenant.ClientId, tokenRequest.Form["client_id"]);
        Assert.Equal(TestTenant.Secret, tokenRequest.Form["client_secret"]);
        Assert.Equal("https://api.securitycenter.microsoft.com/.default", tokenRequest.Form["scope"]);
    }

    [Fact]
    public async Task A_second_request_takes_the_token_from_the_cache()
    {
        using HttpResponseMessage first = await _client.GetAsync("/api/machineactions/1");
        using HttpResponseMessage second = await _client.PostAsync("/api/machines/2/runliveresponse", new StringContent("{}"));

        Assert.All(_api.Requests, r => Assert.Equal("Bearer token-1", r.Authorization));
        Assert.Equal(2, _api.Requests.Count);
        Assert.Single(_identity.TokenRequests);
    }

    [Theory]
    [InlineData("https://investigation.blob.core.windows.net/out/result.json?sv=2020&sig=abc")]
    [InlineData("http://api.security.microsoft.com/api/machineactions/1")]
    [InlineData("https://api.security.microsoft.com:8443/api/machineactions/1")]
    [InlineData("https://eu.api.security.microsoft.com/api/machineactions/1")]
    [InlineData("https://api.security.microsoft.com.attacker.example/api/machineactions/1")]
    public async Task Any_other_scheme_host_or_port_gets_no_token(string url)
    {
        using HttpResponseMessage response = await _client.GetAsync(new Uri(url));

        ApiRequest sent = Assert.Single(_api.Requests);
        Assert.Null(sent.Authorization);
        Assert.Empty(_identity.Requests);
    }

    [Fact]
    public async Task A_401_refreshes_the_token_once_and_replays_the_request()
    {
        _api.Then(HttpStatusCode.Unauthorized);

        using HttpResponseMessage response = await _client.PostAsync("/api/machines/2/runliveresponse", new StringContent("""{"Comment":"c"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Collection(
            _api.Requests,
            first => Assert.Equal("Bearer token-1", first.Authorization),
            retry =>
            {
                Assert.Equal("Bearer token-2", retry.Authorization);
                Assert.Equal("""{"Comment":"c"}""", retry.Body);
            });
        Assert.Equal(2, _identity.TokenRequests.Count);

        using HttpResponseMessage next = await _client.GetAsync("/api/machineactions/1");
        Assert.Equal("Bearer token-2", _api.Requests[^1].Authorization);
        Assert.Equal(2, _identity.TokenRequests.Count);
    }

    [Fact]
    public async Task A_second_401_is_returned_without_another_retry()
    {
        _api.Then(HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized);

        using HttpResponseMessage response = await _client.GetAsync("/api/machineactions/1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, _api.Requests.Count);
        Assert.Equal(2, _identity.TokenRequests.Count);
    }

    [Fact]
    public async Task A_401_on_content_that_cannot_be_replayed_refreshes_but_does_not_resend()
    {
        _api.Then(HttpStatusCode.Unauthorized);
        using var content = new StreamContent(new MemoryStream("upload"u8.ToArray()));

        using HttpResponseMessage response = await _client.PostAsync("/api/libraryfiles", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(_api.Requests);

        using HttpResponseMessage next = await _client.GetAsync("/api/libraryfiles");
        Assert.Equal("Bearer token-2", _api.Requests[^1].Authorization);
    }

    [Fact]
    public async Task A_multipart_upload_of_buffered_parts_is_replayed_after_a_401()
    {
        _api.Then(HttpStatusCode.Unauthorized);
        using var form = new MultipartFormDataContent("boundary")
        {
            { new ByteArrayContent("script body"u8.ToArray()), "file", "script.ps1" },
            { new StringContent("true"), "OverrideIfExists" },
        };

        using HttpResponseMessage response = await _client.PostAsync("/api/libraryfiles", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _api.Requests.Count);
        Assert.Equal(_api.Requests[0].Body, _api.Requests[1].Body);
        Assert.Contains("script body", _api.Requests[1].Body);
    }

    [Fact]
    public async Task Concurrent_first_requests_ask_the_identity_provider_once()
    {
        Task<HttpResponseMessage>[] calls = [.. Enumerable.Range(0, 16).Select(i => _client.GetAsync($"/api/machineactions/{i}"))];
        HttpResponseMessage[] responses = await Task.WhenAll(calls);
        foreach (HttpResponseMessage response in responses)
        {
            response.Dispose();
        }

        Assert.Equal(16, _api.Requests.Count);
        Assert.All(_api.Requests, r => Assert.Equal("Bearer token-1", r.Authorization));
        Assert.Single(_identity.TokenRequests);
    }

    [Fact]
    public async Task A_rejected_secret_surfaces_as_an_authentication_error_without_the_secret()
    {
        _identity.Answer = _ => FakeIdentityProvider.Json(
            HttpStatusCode.Unauthorized,
            $$"""{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{{TestTenant.ClientId}}'.","error_codes":[7000215]}""");

        MdeAuthenticationException error = await Assert.ThrowsAsync<MdeAuthenticationException>(() => _client.GetAsync("/api/machineactions/1"));

        Assert.Equal("invalid_client", error.ErrorCode);
        Assert.Contains("AADSTS7000215", error.Message);
        Assert.Contains("client secret", error.Message);
        Assert.Contains(TestTenant.ClientId, error.Message);
        Assert.DoesNotContain(TestTenant.Secret, error.Message);
        Assert.DoesNotContain(TestTenant.Secret, error.ToString());
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task An_unknown_tenant_points_at_the_tenant_id()
    {
        _identity.Answer = _ => FakeIdentityProvider.Json(
            HttpStatusCode.BadRequest,
            """{"error":"invalid_request","error_description":"AADSTS90002: Tenant '8d3c1a52-5a7e-4c5b-9f0e-2a4b6c8d0e1f' not found.","error_codes":[90002]}""");

        MdeAuthenticationException error = await Assert.ThrowsAsync<MdeAuthenticationException>(() => _client.GetAsync("/api/machineactions/1"));

        Assert.Contains("AADSTS90002", error.Message);
        Assert.Contains("Check the tenant id", error.Message);
    }

    [Fact]
    public async Task Missing_consent_points_at_admin_consent()
    {
        _identity.Answer = _ => FakeIdentityProvider.Json(
            HttpStatusCode.BadRequest,
            """{"error":"invalid_resource","error_description":"AADSTS500011: The resource principal named https://api.securitycenter.microsoft.com was not found in the tenant.","error_codes":[500011]}""");

        MdeAuthenticationException error = await Assert.ThrowsAsync<MdeAuthenticationException>(() => _client.GetAsync("/api/machineactions/1"));

        Assert.Contains("consent", error.Message);
        Assert.Contains("WindowsDefenderATP", error.Message);
    }

    [Fact]
    public void Plain_http_is_refused_except_on_loopback()
    {
        var source = new FixedTokenSource();

        ArgumentException error = Assert.Throws<ArgumentException>(() => new BearerTokenHandler(source, new Uri("http://api.security.microsoft.com"), MdeCloud.Commercial.Audience));
        Assert.Contains("https", error.Message);

        using var loopback = new BearerTokenHandler(source, new Uri("http://127.0.0.1:5080"), MdeCloud.Commercial.Audience);
        Assert.Equal("127.0.0.1", loopback.ApiBaseAddress.Host);
    }

    [Fact]
    public async Task Works_with_any_token_source_on_the_loopback_emulator()
    {
        var api = new RecordingApi();
        using var client = new HttpClient(new BearerTokenHandler(new FixedTokenSource(), new Uri("http://127.0.0.1:5080"), "https://api.securitycenter.microsoft.com") { InnerHandler = api });

        using HttpResponseMessage response = await client.GetAsync("http://127.0.0.1:5080/api/machineactions/1");
        using HttpResponseMessage other = await client.GetAsync("http://127.0.0.1:5081/blob/1");

        Assert.Equal("Bearer fixed", api.Requests[0].Authorization);
        Assert.Null(api.Requests[1].Authorization);
    }

    [Fact]
    public void A_token_never_shows_in_ToString()
    {
        var token = new MdeAccessToken("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.payload.signature", DateTimeOffset.UnixEpoch);
        Assert.DoesNotContain("eyJ", token.ToString());
        Assert.Contains(Redaction.Placeholder, token.ToString());
    }

    [Fact]
    public async Task A_401_takes_a_token_another_request_already_refreshed_instead_of_forcing_one()
    {
        var source = new RotatedTokenSource();
        var api = new RecordingApi().Then(HttpStatusCode.Unauthorized);
        using var client = new HttpClient(new BearerTokenHandler(source, MdeCloud.Commercial.ApiBaseAddress, MdeCloud.Commercial.Audience) { InnerHandler = api });

        using HttpResponseMessage response = await client.GetAsync("https://api.security.microsoft.com/api/machineactions/1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Bearer old", "Bearer new"], api.Requests.Select(r => r.Authorization));
        Assert.Equal(0, source.ForcedRefreshes);
    }

    [Fact]
    public async Task Logs_name_the_retry_but_never_a_token_or_a_link_signature()
    {
        var logger = new CapturingLogger();
        MdeAuthOptions options = TestTenant.SecretOptions();
        var api = new RecordingApi().Then(HttpStatusCode.Unauthorized);
        using var client = new HttpClient(new BearerTokenHandler(options.CreateTokenSource(_identity), options, logger) { InnerHandler = api });

        using HttpResponseMessage retried = await client.GetAsync("https://api.security.microsoft.com/api/machineactions/1");
        using HttpResponseMessage download = await client.GetAsync("https://investigation.blob.core.windows.net/out/result.json?sv=2020&sig=c2lnbmF0dXJl");

        Assert.Contains(logger.Messages, m => m.StartsWith("Information: The API answered 401 to GET https://api.security.microsoft.com/api/machineactions/1", StringComparison.Ordinal));
        Assert.Contains(logger.Messages, m => m.Contains("https://investigation.blob.core.windows.net/out/result.json?[redacted]", StringComparison.Ordinal));
        Assert.All(logger.Messages, m =>
        {
            Assert.DoesNotContain("token-", m);
            Assert.DoesNotContain("c2lnbmF0dXJl", m);
        });
    }

    /// <summary>Hands out "old" once, then "new", as if a concurrent request had refreshed the cache in between.</summary>
    private sealed class RotatedTokenSource : IAccessTokenSource
    {
        private int _calls;

        public int ForcedRefreshes { get; private set; }

        public Task<MdeAccessToken> GetTokenAsync(string audience, bool forceRefresh, CancellationToken cancellationToken)
        {
            ForcedRefreshes += forceRefresh ? 1 : 0;
            string value = Interlocked.Increment(ref _calls) == 1 ? "old" : "new";
            return Task.FromResult(new MdeAccessToken(value, DateTimeOffset.MaxValue));
        }
    }

    private sealed class FixedTokenSource : IAccessTokenSource
    {
        public Task<MdeAccessToken> GetTokenAsync(string audience, bool forceRefresh, CancellationToken cancellationToken) =>
            Task.FromResult(new MdeAccessToken("fixed", DateTimeOffset.MaxValue));
    }
}
