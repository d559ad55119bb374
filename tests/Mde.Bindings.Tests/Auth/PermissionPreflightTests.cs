using System.Net;
using System.Reflection;
using Mde.Bindings.Auth;
using Mde.Bindings.DependencyInjection;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.Http;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Tests.Infrastructure;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace Mde.Bindings.Tests.Auth;

/// <summary>
/// The permission preflight: before a call goes out, the token's claims are compared with the operation's permissions
/// from the shipped spec (every operation of <see cref="LiveResponseApiDescription.All"/>, and the runtime's library
/// upload, whose permission, Library.Manage for app and user tokens, is on MicrosoftDocs/defender-docs upload-library.md).
/// </summary>
public sealed class PermissionPreflightTests
{
    private static readonly Uri Api = new("https://api.security.microsoft.com");

    // An unrelated WindowsDefenderATP permission: the token is for the API, but allows none of the live response operations.
    private const string Unrelated = "Alert.Read.All";

    public static IEnumerable<EndpointDescription> Operations => [.. LiveResponseApiDescription.All];

    public static TheoryData<string> OperationNames => [.. Operations.Select(o => o.Name)];

    public static TheoryData<string, string> ApplicationGrants => Grants(o => o.ApplicationPermissions);

    public static TheoryData<string, string> DelegatedGrants => Grants(o => o.DelegatedPermissions);

    // Permissions earlier published versions listed (the spec's x-permissions-history): the service's own 403 messages
    // still name Machine.Read.All beside Machine.ReadWrite.All for reads (Azure/Azure-Sentinel PR 14672,
    // MicrosoftDocs/microsoft-365-docs issue 6052), so the preflight lets them through.
    public static TheoryData<string, string> FormerApplicationGrants => Grants(o => o.FormerApplicationPermissions);

    public static TheoryData<string, string> FormerDelegatedGrants => Grants(o => o.FormerDelegatedPermissions);

    private static TheoryData<string, string> Grants(Func<EndpointDescription, IReadOnlyList<string>> list)
    {
        var data = new TheoryData<string, string>();
        foreach (EndpointDescription operation in Operations)
        {
            foreach (string permission in list(operation))
            {
                data.Add(operation.Name, permission);
            }
        }

        return data;
    }

    private static EndpointDescription Operation(string name) => Operations.Single(o => o.Name == name);

    [Fact]
    public void Every_shipped_operation_is_covered()
    {
        // The theories below iterate the generated description; this guards against an empty list passing vacuously.
        Assert.Equal(10, LiveResponseApiDescription.All.Count);
        Assert.All(Operations, o => Assert.NotEmpty(o.ApplicationPermissions));
    }

    [Theory]
    [MemberData(nameof(OperationNames))]
    public async Task An_app_token_without_the_operations_application_permissions_is_refused_before_sending(string name)
    {
        EndpointDescription operation = Operation(name);
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using HttpClient http = Pipeline(server, TestJwt.App(Unrelated));

        MissingPermissionException error = await Assert.ThrowsAsync<MissingPermissionException>(() => SendAsync(http, operation));

        Assert.Empty(server.Requests);
        Assert.False(error.WasSent);
        Assert.False(error.IsDelegated);
        Assert.Same(operation, error.Operation);
        Assert.Equal([.. operation.ApplicationPermissions, .. operation.FormerApplicationPermissions], error.AcceptedPermissions);
        Assert.Equal([Unrelated], error.TokenPermissions);
        Assert.Contains(operation.OperationName, error.Message, StringComparison.Ordinal);
        Assert.All(operation.ApplicationPermissions, p => Assert.Contains(p, error.Message, StringComparison.Ordinal));
        Assert.Contains(Unrelated, error.Message, StringComparison.Ordinal);
        Assert.Contains("API permissions → Add a permission → APIs my organization uses → WindowsDefenderATP → Application permissions", error.Message, StringComparison.Ordinal);
        Assert.Contains("Grant admin consent", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ApplicationGrants))]
    public async Task An_app_token_with_any_one_of_the_application_permissions_is_sent(string name, string permission)
    {
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using HttpClient http = Pipeline(server, TestJwt.App(Unrelated, permission));

        using HttpResponseMessage response = await SendAsync(http, Operation(name));

        Assert.Single(server.Requests);
    }

    [Theory]
    [MemberData(nameof(FormerApplicationGrants))]
    public async Task An_app_token_with_a_formerly_documented_application_permission_is_sent(string name, string permission)
    {
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using HttpClient http = Pipeline(server, TestJwt.App(permission));

        using HttpResponseMessage response = await SendAsync(http, Operation(name));

        Assert.Single(server.Requests);
    }

    [Theory]
    [MemberData(nameof(FormerDelegatedGrants))]
    public async Task A_user_token_with_a_formerly_documented_delegated_permission_is_sent(string name, string permission)
    {
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using HttpClient http = Pipeline(server, TestJwt.Delegated(permission));

        using HttpResponseMessage response = await SendAsync(http, Operation(name));

        Assert.Single(server.Requests);
    }

    [Fact]
    public void The_spec_history_reaches_the_generated_descriptions()
    {
        // api-spec/live-response.api.json: GetMachineAction's x-permissions-history lists Machine.Read.All and Machine.Read.
        Assert.Equal(["Machine.Read.All"], LiveResponseApiDescription.GetMachineAction.FormerApplicationPermissions);
        Assert.Equal(["Machine.Read"], LiveResponseApiDescription.GetMachineAction.FormerDelegatedPermissions);
        Assert.Empty(LiveResponseApiDescription.RunLiveResponse.FormerApplicationPermissions);
    }

    [Theory]
    [MemberData(nameof(OperationNames))]
    public async Task A_user_token_without_the_operations_delegated_permissions_is_refused_before_sending(string name)
    {
        EndpointDescription operation = Operation(name);
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));

        // The application permissions do not count for a user token, so grant it every one that is not also delegated.
        string[] scopes = [.. operation.ApplicationPermissions.Except(operation.DelegatedPermissions).Except(operation.FormerDelegatedPermissions), "User.Read"];
        using HttpClient http = Pipeline(server, TestJwt.Delegated(scopes));

        MissingPermissionException error = await Assert.ThrowsAsync<MissingPermissionException>(() => SendAsync(http, operation));

        Assert.Empty(server.Requests);
        Assert.True(error.IsDelegated);
        Assert.Equal([.. operation.DelegatedPermissions, .. operation.FormerDelegatedPermissions], error.AcceptedPermissions);
        Assert.All(operation.DelegatedPermissions, p => Assert.Contains(p, error.Message, StringComparison.Ordinal));
        Assert.Contains("WindowsDefenderATP → Delegated permissions", error.Message, StringComparison.Ordinal);
        Assert.Contains("Defender for Endpoint role", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DelegatedGrants))]
    public async Task A_user_token_with_any_one_of_the_delegated_permissions_is_sent(string name, string permission)
    {
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using HttpClient http = Pipeline(server, TestJwt.Delegated("User.Read", permission));

        using HttpResponseMessage response = await SendAsync(http, Operation(name));

        Assert.Single(server.Requests);
    }

    [Theory]
    [MemberData(nameof(OperationNames))]
    public async Task A_generated_client_registered_with_AddLiveResponseApi_refuses_every_operation_before_sending(string name)
    {
        EndpointDescription operation = Operation(name);

        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        await using ServiceProvider provider = Services(server, TestJwt.App(Unrelated), services => services.AddLiveResponseApi(o => o.TokenSource = new StaticTokens(TestJwt.App(Unrelated))));
        ILiveResponseApi api = provider.GetRequiredService<ILiveResponseApi>();

        MissingPermissionException error = await Assert.ThrowsAsync<MissingPermissionException>(() => InvokeAsync(api, operation));

        Assert.Same(operation, error.Operation);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task The_live_response_client_refuses_a_library_upload_without_Library_Manage_before_sending()
    {
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        await using ServiceProvider provider = Services(server, TestJwt.App("Machine.LiveResponse"), services => services.AddLiveResponseClient(o => o.TokenSource = new StaticTokens(TestJwt.App("Machine.LiveResponse"))));
        LiveResponseClient client = provider.GetRequiredService<LiveResponseClient>();

        using var content = new MemoryStream("Write-Output 1"u8.ToArray());
        MissingPermissionException error = await Assert.ThrowsAsync<MissingPermissionException>(() => client.UploadLibraryFileAsync(content, "script.ps1"));

        Assert.Same(LiveResponseClient.UploadLibraryFile, error.Operation);
        Assert.Equal(["Library.Manage"], error.AcceptedPermissions);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task The_live_response_client_over_its_own_pipeline_refuses_before_sending()
    {
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        var client = new LiveResponseClient(Pipeline(server, TestJwt.App("Library.Manage")));

        MissingPermissionException error = await Assert.ThrowsAsync<MissingPermissionException>(() => client.GetStatusAsync("action-1"));

        Assert.Equal(LiveResponseApiDescription.GetMachineAction.Name, error.Operation.Name);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Switched_off_in_MdeApiOptions_the_call_is_sent()
    {
        var server = new RecordingHandler(_ => RecordingHandler.Json(DocsExamples.Read("get-machineaction.response.json")));
        await using ServiceProvider provider = Services(server, TestJwt.App(Unrelated), services => services.AddLiveResponseClient(o =>
        {
            o.TokenSource = new StaticTokens(TestJwt.App(Unrelated));
            o.PermissionPreflight = false;
        }));

        await provider.GetRequiredService<LiveResponseClient>().GetStatusAsync("action-1");

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Switched_off_in_the_pipeline_parts_the_call_is_sent()
    {
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using HttpClient http = Pipeline(server, TestJwt.App(Unrelated), preflight: false);

        using HttpResponseMessage response = await SendAsync(http, LiveResponseApiDescription.RunLiveResponse);

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_opaque_token_cannot_be_read_and_is_sent_unchecked()
    {
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using HttpClient http = Pipeline(server, "opaque-reference-token");

        using HttpResponseMessage response = await SendAsync(http, LiveResponseApiDescription.RunLiveResponse);

        Assert.Equal("Bearer opaque-reference-token", server.Last.Authorization);
    }

    [Fact]
    public async Task A_call_without_a_known_operation_is_not_checked()
    {
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using HttpClient http = Pipeline(server, TestJwt.App());

        using HttpResponseMessage response = await http.GetAsync(new Uri(Api, "/api/machines"));

        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("https://graph.microsoft.com")]
    [InlineData("00000003-0000-0000-c000-000000000000")]
    [InlineData("https://userrequestsgraphapi-prd.trafficmanager.net")] // microsoft-365-docs issue 9246: this aud got 403
    public async Task A_token_for_another_audience_is_refused_before_sending_and_names_the_scope_to_request(string audience)
    {
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using HttpClient http = Pipeline(server, TestJwt.ForAudience(audience, "Machine.LiveResponse"));

        TokenAudienceException error = await Assert.ThrowsAsync<TokenAudienceException>(() => SendAsync(http, LiveResponseApiDescription.RunLiveResponse));

        Assert.Empty(server.Requests);
        Assert.Equal(audience, error.TokenAudience);
        Assert.Contains(audience, error.Message, StringComparison.Ordinal);
        Assert.Contains("https://api.securitycenter.microsoft.com/.default", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.securitycenter.microsoft.com/")]
    [InlineData("https://securitycenter.onmicrosoft.com/windowsatpservice")] // microsoft-365-docs issue 13126: accepted by the API
    [InlineData("https://securitycenter.onmicrosoft.us/windowsatpservice")] // GCC High and DoD (docs/authentication.md)
    [InlineData("fc780465-2017-40d4-a0c5-307022471b92")] // WindowsDefenderATP's application id (Azure/Azure-Sentinel issue 3298)
    public async Task Every_identifier_of_the_API_is_an_accepted_audience(string audience)
    {
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using HttpClient http = Pipeline(server, TestJwt.ForAudience(audience, "Machine.LiveResponse"));

        using HttpResponseMessage response = await SendAsync(http, LiveResponseApiDescription.RunLiveResponse);

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Each_token_is_read_once()
    {
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        var handler = new BearerTokenHandler(new StaticTokens(TestJwt.App("Machine.LiveResponse")), Api, TestJwt.ApiAudience) { InnerHandler = server };
        using var http = new HttpClient(handler);

        for (int i = 0; i < 3; i++)
        {
            using HttpResponseMessage response = await SendAsync(http, LiveResponseApiDescription.RunLiveResponse);
        }

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(1, handler.Claims.Reads);
    }

    [Fact]
    public async Task An_operation_with_no_permission_of_the_tokens_kind_says_which_kind_of_token_to_use()
    {
        var userOnly = new EndpointDescription("Test", "UserOnly", "GET", "/api/user-only", [], ["Machine.Read"], []);
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using HttpClient http = Pipeline(server, TestJwt.App("Machine.Read.All"));

        MissingPermissionException error = await Assert.ThrowsAsync<MissingPermissionException>(() => SendAsync(http, userOnly));

        Assert.Empty(error.AcceptedPermissions);
        Assert.Contains("takes no application permission", error.Message, StringComparison.Ordinal);
        Assert.Contains("delegated", error.Message, StringComparison.Ordinal);
        Assert.Contains("Machine.Read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_misspelled_Machine_CollectForensic_counts_as_Machine_CollectForensics()
    {
        // microsoft-365-docs issue 6062: the service's cancel check named "Machine.CollectForensic"; the spec, following
        // the docs, names Machine.CollectForensics. A token with either spelling passes the preflight.
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using HttpClient http = Pipeline(server, TestJwt.App("Machine.CollectForensic"));

        using HttpResponseMessage response = await SendAsync(http, LiveResponseApiDescription.CancelMachineAction);

        Assert.Single(server.Requests);
        Assert.Contains("Machine.CollectForensics", LiveResponseApiDescription.CancelMachineAction.ApplicationPermissions);
    }

    [Fact]
    public async Task A_token_without_roles_says_that_no_permission_was_granted()
    {
        // microsoft-365-docs issue 5552 ("No Roles in JWT"): a token for the API with no roles claim at all.
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using HttpClient http = Pipeline(server, TestJwt.App());

        MissingPermissionException error = await Assert.ThrowsAsync<MissingPermissionException>(() => SendAsync(http, LiveResponseApiDescription.RunLiveResponse));

        Assert.Contains("no roles at all", error.Message, StringComparison.Ordinal);
        Assert.Contains("admin consent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_refusal_never_shows_the_token()
    {
        string token = TestJwt.App(Unrelated);
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using HttpClient http = Pipeline(server, token);

        MissingPermissionException error = await Assert.ThrowsAsync<MissingPermissionException>(() => SendAsync(http, LiveResponseApiDescription.RunLiveResponse));

        Assert.DoesNotContain(token.Split('.')[1], error.ToString(), StringComparison.Ordinal);
    }

    internal static HttpClient Pipeline(HttpMessageHandler server, string token, bool preflight = true) =>
        new MdeHttpPipeline(Api, TestJwt.ApiAudience, new ExactRateLimiterProvider("tenant", "app"), new StaticTokens(token))
        {
            PermissionPreflight = preflight,
            Retry = new TransientRetryOptions { MaxRetryAttempts = 0 },
        }.CreateClient(server);

    internal static Task<HttpResponseMessage> SendAsync(HttpClient http, EndpointDescription operation)
    {
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(Api, operation.PathTemplate.Replace("{", "x").Replace("}", "x")));
        request.Options.Set(MdeRequestOptions.Endpoint, operation);
        return http.SendAsync(request);
    }

    private static ServiceProvider Services(RecordingHandler server, string token, Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        services.AddHttpClient(MdeApiRegistration.ClientName(LiveResponseApiDescription.ApiName)).ConfigurePrimaryHttpMessageHandler(() => server);
        return services.BuildServiceProvider();
    }

    /// <summary>Calls the generated interface's method of <paramref name="operation"/> with placeholder arguments.</summary>
    private static async Task InvokeAsync(ILiveResponseApi api, EndpointDescription operation)
    {
        MethodInfo method = typeof(ILiveResponseApi).GetMethod(operation.Name + "Async")
            ?? throw new InvalidOperationException($"ILiveResponseApi has no {operation.Name}Async.");
        object?[] arguments = method.GetParameters().Select(p => p.ParameterType switch
        {
            Type t when t == typeof(string) => "x",
            Type t when t == typeof(int) => 0,
            Type t when t == typeof(CancellationToken) => CancellationToken.None,
            Type t when t == typeof(RunLiveResponseRequest) => new RunLiveResponseRequest { Commands = [], Comment = "preflight" },
            Type t when t == typeof(CancelMachineActionRequest) => new CancelMachineActionRequest { Comment = "preflight" },
            Type t when t == typeof(LibraryUploadForm) => new LibraryUploadForm { File = new FormFile(new MemoryStream([1]), "preflight.ps1") },
            Type t when Nullable.GetUnderlyingType(t) is not null || !t.IsValueType && p.HasDefaultValue => null,
            Type t => Activator.CreateInstance(t),
        }).ToArray();
        await (Task)method.Invoke(api, arguments)!;
    }

    internal sealed class StaticTokens(string token) : IAccessTokenSource
    {
        public Task<MdeAccessToken> GetTokenAsync(string audience, bool forceRefresh, CancellationToken cancellationToken) =>
            Task.FromResult(new MdeAccessToken(token, DateTimeOffset.UtcNow.AddHours(1)));
    }
}
