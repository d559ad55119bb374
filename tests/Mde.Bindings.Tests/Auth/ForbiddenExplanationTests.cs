using System.Net;
using Mde.Bindings.Auth;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Tests.Infrastructure;
using Refit;

namespace Mde.Bindings.Tests.Auth;

/// <summary>
/// A 403 answer stays the <see cref="ApiException"/> it always was, with the operation's permissions from the spec
/// compared with the token's in its message, and the reason as its inner exception.
/// </summary>
public sealed class ForbiddenExplanationTests
{
    // The service's wording in Azure/Azure-Sentinel PR 14672 and issue 13457 (a managed identity with Machine.Isolate only).
    private const string MissingRolesMessage = "Missing application roles. API required roles: Machine.Read.All,Machine.ReadWrite.All, application roles: Machine.Isolate.";

    // The service's wording in MicrosoftDocs/microsoft-365-docs issue 6062 (cancel machine action, Machine.CollectForensics only).
    private const string MisspelledRoleMessage = "The application does not have any of the required application permissions (Machine.Isolate, Machine.CollectForensic, Machine.Scan, Machine.RestrictExecution, Machine.StopAndQuarantine, Machine.Offboard, Machine.LiveResponse) to access the resource.";

    private static HttpResponseMessage Forbidden(string message) =>
        RecordingHandler.Json("{\"error\":{\"code\":\"Forbidden\",\"message\":\"" + message + "\",\"target\":\"6f1c7e2a-corr\"}}", HttpStatusCode.Forbidden);

    private static ILiveResponseApi Client(RecordingHandler server, string token) =>
        new LiveResponseApiClient(PermissionPreflightTests.Pipeline(server, token, preflight: false));

    [Fact]
    public async Task A_403_names_the_operations_permissions_the_tokens_and_the_services_own_list()
    {
        var server = new RecordingHandler(_ => Forbidden(MissingRolesMessage));

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => Client(server, TestJwt.App("Machine.Isolate")).GetMachineActionAsync("action-1"));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        MissingPermissionException reason = Assert.IsType<MissingPermissionException>(error.InnerException);
        Assert.True(reason.WasSent);
        Assert.Equal(["Machine.ReadWrite.All", "Machine.Read.All"], reason.AcceptedPermissions);
        Assert.Equal(["Machine.Isolate"], reason.TokenPermissions);
        Assert.Equal(["Machine.Read.All", "Machine.ReadWrite.All"], reason.ServiceRequiredPermissions);
        Assert.Contains("LiveResponse.GetMachineAction", error.Message, StringComparison.Ordinal);
        Assert.Contains("Machine.Isolate", error.Message, StringComparison.Ordinal);
        Assert.Contains("WindowsDefenderATP → Application permissions → Machine.ReadWrite.All", error.Message, StringComparison.Ordinal);
        Assert.Contains("earlier published versions also listed Machine.Read.All", error.Message, StringComparison.Ordinal);
        Assert.Contains("The service's message asks for one of Machine.Read.All, Machine.ReadWrite.All.", error.Message, StringComparison.Ordinal);
        Assert.Contains("6f1c7e2a-corr", error.Message, StringComparison.Ordinal);

        // Still the body Refit reads for every error.
        Assert.Equal("Forbidden", MdeApiError.TryRead(error)!.Code);
    }

    [Fact]
    public async Task A_403_for_a_token_that_has_the_spec_permission_says_the_refusal_is_about_something_else()
    {
        var server = new RecordingHandler(_ => Forbidden("Forbidden"));

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => Client(server, TestJwt.App("Machine.ReadWrite.All")).GetLiveResponseResultDownloadLinkAsync("action-1", 0));

        Assert.Contains("about something else", error.Message, StringComparison.Ordinal);
        Assert.Contains("live response turned off", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_403_whose_service_list_misspells_the_tokens_permission_says_so_and_names_the_others()
    {
        // microsoft-365-docs issue 6062: with Machine.CollectForensics only, cancel answered 403 naming
        // "Machine.CollectForensic"; "using any of the other listed permissions does work".
        var server = new RecordingHandler(_ => Forbidden(MisspelledRoleMessage));

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => Client(server, TestJwt.App("Machine.CollectForensics"))
            .CancelMachineActionAsync("action-1", new CancelMachineActionRequest { Comment = "stop" }));

        Assert.Contains("It spells Machine.CollectForensic differently", error.Message, StringComparison.Ordinal);
        Assert.Contains("microsoft-365-docs issue 6062", error.Message, StringComparison.Ordinal);
        Assert.Contains("grant one of Machine.Isolate, Machine.Scan", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_403_whose_service_list_names_a_permission_the_spec_does_not_says_the_service_wins()
    {
        // Constructed in the service's wording above, with a permission the spec does not list for the operation.
        var server = new RecordingHandler(_ => Forbidden("Missing application roles. API required roles: Library.Manage,Machine.Offboard, application roles: Machine.Isolate."));

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => Client(server, TestJwt.App("Machine.Isolate")).ListLibraryFilesAsync());

        Assert.Contains("The spec does not list Machine.Offboard for this operation: the service's list wins.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_403_for_a_token_of_another_audience_carries_the_audience_explanation()
    {
        var server = new RecordingHandler(_ => Forbidden("Forbidden"));

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => Client(server, TestJwt.ForAudience("https://graph.microsoft.com", "Machine.LiveResponse")).ListLibraryFilesAsync());

        TokenAudienceException reason = Assert.IsType<TokenAudienceException>(error.InnerException);
        Assert.True(reason.WasSent);
        Assert.Contains("https://api.securitycenter.microsoft.com/.default", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_403_with_an_opaque_token_lists_both_kinds_of_permission()
    {
        var server = new RecordingHandler(_ => Forbidden("Forbidden"));

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => Client(server, "opaque-reference-token").RunLiveResponseAsync("device-1", new RunLiveResponseRequest { Commands = [], Comment = "c" }));

        MissingPermissionException reason = Assert.IsType<MissingPermissionException>(error.InnerException);
        Assert.False(reason.TokenReadable);
        Assert.Contains("not a JSON Web Token", error.Message, StringComparison.Ordinal);
        Assert.Contains("Machine.LiveResponse", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("opaque-reference-token", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_403_explanation_never_shows_the_token_and_the_request_loses_its_header()
    {
        string token = TestJwt.App("Machine.Isolate");
        var server = new RecordingHandler(_ => Forbidden(MissingRolesMessage));

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => Client(server, token).GetMachineActionAsync("action-1"));

        Assert.DoesNotContain(token.Split('.')[1], error.ToString(), StringComparison.Ordinal);
        Assert.Null(error.RequestMessage.Headers.Authorization);
    }

    [Fact]
    public async Task A_custom_exception_factory_still_decides_what_a_403_becomes()
    {
        var server = new RecordingHandler(_ => Forbidden(MissingRolesMessage));
        var settings = new RefitSettings { ExceptionFactory = response => new ValueTask<Exception?>(new InvalidOperationException("mine " + (int)response.StatusCode)) };
        var client = new LiveResponseApiClient(PermissionPreflightTests.Pipeline(server, TestJwt.App("Machine.Isolate"), preflight: false), settings);

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetMachineActionAsync("action-1"));

        Assert.Equal("mine 403", error.Message);
    }

    [Theory]
    [InlineData(MissingRolesMessage, new[] { "Machine.Read.All", "Machine.ReadWrite.All" })]
    [InlineData("Missing application roles. API required roles: Machine.Isolate, application roles: .", new[] { "Machine.Isolate" })] // Azure/Azure-Sentinel issue 8941
    [InlineData(MisspelledRoleMessage, new[] { "Machine.Isolate", "Machine.CollectForensic", "Machine.Scan", "Machine.RestrictExecution", "Machine.StopAndQuarantine", "Machine.Offboard", "Machine.LiveResponse" })]
    [InlineData("The application does not have any of the required application permissions (Machine.Read.All, Machine.ReadWrite.All) to access the resource.", new[] { "Machine.Read.All", "Machine.ReadWrite.All" })] // microsoft-365-docs issue 6052
    [InlineData("Forbidden", new string[0])]
    [InlineData("", new string[0])]
    public void The_services_required_list_is_read_from_both_known_wordings(string message, string[] expected)
    {
        Assert.Equal(expected, ForbiddenExplanation.ServiceRequired(message));
    }
}
