using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mde.Bindings.Downloads;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Throttling;

namespace Mde.Bindings.Tests.PeerPayloads;

/// <summary>Error bodies as the service sends them, read into clean text that keeps the correlation id.</summary>
public sealed class ServiceErrorTests
{
    [Fact]
    public void A_busy_device_body_reads_its_code_text_and_correlation_id()
    {
        // Constructed from microsoft-365-docs issue 5908 (400, "Action is already in progress") and pull request 11695
        // (ActiveRequestAlreadyExists); shape and GUID target from the docs' common-errors examples.
        MdeApiError error = MdeApiError.TryRead(PeerPayloads.Read("error-active-request.constructed.json"))!;

        Assert.Equal("ActiveRequestAlreadyExists", error.Code);
        Assert.Equal("Action is already in progress", error.DisplayMessage);
        Assert.Equal("ActiveRequestAlreadyExists: Action is already in progress (correlation id 5e0c7a41-3b8f-4f6e-9a52-1d2c3b4a5f60)", error.Describe());
    }

    [Fact]
    public void An_HTML_page_inside_the_message_is_reduced_to_its_text()
    {
        // splunk-soar-connectors/windowsdefenderatp microsoftdefenderforendpoint_connector.py@1ddf3575
        // (_process_json_response) parses messages holding text/html as HTML and drops their title.
        MdeApiError error = MdeApiError.TryRead(PeerPayloads.Read("error-html-message.constructed.json"))!;

        Assert.Contains("text/html", error.Message, StringComparison.Ordinal);
        Assert.Equal("The service is temporarily unavailable. Try again later & quote the request's correlation id.", error.DisplayMessage);
        Assert.EndsWith("(correlation id 9b7c1d2e-4f5a-4b6c-8d7e-0f1a2b3c4d5e)", error.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain("<", error.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Machine 123123123 was not found", "Machine 123123123 was not found")]
    [InlineData("a < b and c > d", "a < b and c > d")]
    [InlineData("Tom &amp; Jerry", "Tom & Jerry")]
    [InlineData("<p>One</p>\n<p>Two&nbsp;lines</p>", "One Two lines")]
    [InlineData("<html><!-- hidden --><body>Shown<script>var x = '<p>';</script></body></html>", "Shown")]
    [InlineData("<br/>", null)]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void Messages_are_cleaned_only_as_far_as_they_hold_markup(string? message, string? expected) =>
        Assert.Equal(expected, ErrorMessageText.Clean(message));

    [Fact]
    public void Describe_leaves_out_what_the_body_does_not_have() =>
        Assert.Equal("BadRequest", new MdeApiError("BadRequest", null, null).Describe());

    [Fact]
    public async Task The_workflow_names_the_services_text_and_correlation_id_when_the_device_is_busy()
    {
        using var handler = new BusyDeviceHandler(PeerPayloads.Read("error-active-request.constructed.json"));
        using HttpClient api = new(handler, disposeHandler: false) { BaseAddress = new Uri("https://api.security.microsoft.com") };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "api-token");
        using HttpClient storage = new(handler, disposeHandler: false);
        var client = new LiveResponseClient(api, new ExactRateLimiterProvider(), new LinkDownloader(storage));

        ActiveRequestAlreadyExistsException error = await Assert.ThrowsAsync<ActiveRequestAlreadyExistsException>(
            () => client.RunAsync("dev-1", [LiveResponseCommandRequest.RunScript("a.ps1")]));

        Assert.Equal("ActiveRequestAlreadyExists", error.ServiceError!.Code);
        Assert.Contains("The service answered ActiveRequestAlreadyExists: Action is already in progress (correlation id 5e0c7a41-3b8f-4f6e-9a52-1d2c3b4a5f60).", error.Message, StringComparison.Ordinal);
    }

    // Refuses every run with the busy body; lists no active action (the lookup finds none).
    private sealed class BusyDeviceHandler(string errorBody) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(request.RequestUri!.AbsolutePath.EndsWith("/runliveresponse", StringComparison.Ordinal)
                ? new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent(errorBody, Encoding.UTF8, "application/json") }
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"value":[]}""", Encoding.UTF8, "application/json") });
    }
}
