using System.Net;
using System.Text.Json;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Tests.Infrastructure;
using Refit;

namespace Mde.Bindings.Tests.Generated;

/// <summary>
/// The live response client generated from api-spec/live-response.api.json into this assembly, created through Refit
/// and called over HTTP, with the docs' own example payloads as the server's answers.
/// </summary>
public sealed class GeneratedLiveResponseClientTests
{
    private const string BaseAddress = "https://api.security.microsoft.com";

    private static (ILiveResponseApi Api, RecordingHandler Handler) Create(Func<RecordedRequest, HttpResponseMessage> respond)
    {
        var handler = new RecordingHandler(respond);
        var api = RestService.For<ILiveResponseApi>(new HttpClient(handler) { BaseAddress = new Uri(BaseAddress) });
        return (api, handler);
    }

    [Fact]
    public void Refit_hands_out_the_generated_client()
    {
        (ILiveResponseApi api, _) = Create(_ => new HttpResponseMessage(HttpStatusCode.OK));
        Assert.IsType<LiveResponseApiClient>(api);
    }

    [Fact]
    public async Task RunLiveResponse_sends_the_docs_request_and_reads_the_docs_response()
    {
        (ILiveResponseApi api, RecordingHandler handler) = Create(_ => RecordingHandler.Json(DocsExamples.Read("run-live-response.response.json"), HttpStatusCode.Created));
        RunLiveResponseRequest request = JsonSerializer.Deserialize<RunLiveResponseRequest>(DocsExamples.Read("run-live-response.request.json"))!;

        MachineAction action = await api.RunLiveResponseAsync("1e5bc9d7e413ddd7902c2932e418702b84d0cc07", request);

        Assert.Equal(HttpMethod.Post, handler.Last.Method);
        Assert.Equal("/api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/runliveresponse", handler.Last.PathAndQuery);
        Assert.True(DocsExamples.JsonEquals(DocsExamples.Read("run-live-response.request.json"), handler.Last.Body!), handler.Last.Body);
        Assert.StartsWith("\"Commands\"", handler.Last.Body!.TrimStart('{'), StringComparison.Ordinal);

        Assert.Equal("{machine_action_id}", action.Id);
        Assert.Equal(MachineActionType.LiveResponse, action.Type);
        Assert.Equal(MachineActionStatus.Pending, action.Status);
        Assert.Equal(0, action.ErrorHResult);
        Assert.Equal(new DateTimeOffset(2021, 2, 4, 15, 36, 52, 778, TimeSpan.Zero).AddTicks(8848), action.CreationDateTimeUtc);
        Assert.Equal(2, action.Commands!.Count);
        MachineActionCommand first = action.Commands[0];
        Assert.Equal(0, first.Index);
        Assert.Equal(CommandStatus.Created, first.CommandStatus);
        Assert.Empty(first.Errors!);
        Assert.Equal(LiveResponseCommandType.RunScript, first.Command.Type);
        Assert.Equal(["ScriptName=minidump.ps1", "Args=OfficeClickToRun"], first.Command.Params.Select(p => p.Key + "=" + p.Value));
        Assert.Equal(@"C:\windows\TEMP\OfficeClickToRun.dmp.zip", action.Commands[1].Command.Params.Single().Value);
    }

    [Theory]
    [InlineData("get-machineaction.response.json")]
    [InlineData("machineaction.json-representation.json")]
    public async Task GetMachineAction_reads_the_docs_examples(string example)
    {
        (ILiveResponseApi api, RecordingHandler handler) = Create(_ => RecordingHandler.Json(DocsExamples.Read(example)));

        MachineAction action = await api.GetMachineActionAsync("5382f7ea-7557-4ab7-9782-d50480024a4e");

        Assert.Equal(HttpMethod.Get, handler.Last.Method);
        Assert.Equal("/api/machineactions/5382f7ea-7557-4ab7-9782-d50480024a4e", handler.Last.PathAndQuery);
        Assert.Equal("5382f7ea-7557-4ab7-9782-d50480024a4e", action.Id);
        Assert.Equal(MachineActionType.Isolate, action.Type);
        Assert.Equal(MachineActionStatus.Succeeded, action.Status);
        Assert.Equal("Selective", action.Scope);
        Assert.Equal("desktop-test", action.ComputerDnsName);
        Assert.Equal(new DateTimeOffset(2019, 1, 2, 14, 40, 44, 659, TimeSpan.Zero).AddTicks(6267), action.LastUpdateDateTimeUtc);
        Assert.Null(action.RelatedFileInfo);
    }

    [Fact]
    public async Task ListMachineActions_sends_the_odata_query_and_unwraps_value()
    {
        (ILiveResponseApi api, RecordingHandler handler) = Create(_ => RecordingHandler.Json(DocsExamples.Read("get-machineactions.example2.response.json")));

        IReadOnlyList<MachineAction> actions = await api.ListMachineActionsAsync(filter: "machineId eq 'f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f'", top: 2);

        Assert.Equal("/api/machineactions?$filter=machineId%20eq%20%27f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f%27&$top=2", handler.Last.PathAndQuery);
        Assert.Equal(2, actions.Count);
        Assert.Equal(MachineActionType.CollectInvestigationPackage, actions[0].Type);
        // The list example spells it lastUpdateTimeUtc; the model reads that alias.
        Assert.Equal(new DateTimeOffset(2018, 12, 4, 12, 45, 25, 404, TimeSpan.Zero).AddTicks(9122), actions[0].LastUpdateDateTimeUtc);
    }

    [Fact]
    public async Task ListMachineActions_without_options_sends_no_query_and_reads_related_file_info()
    {
        (ILiveResponseApi api, RecordingHandler handler) = Create(_ => RecordingHandler.Json(DocsExamples.Read("get-machineactions.example1.response.json")));

        IReadOnlyList<MachineAction> actions = await api.ListMachineActionsAsync();

        Assert.Equal("/api/machineactions", handler.Last.PathAndQuery);
        RelatedFileInfo file = actions[2].RelatedFileInfo!;
        Assert.Equal("a0c659857ccbe457fdaf5fe21d54efdcbf6f6508", file.FileIdentifier);
        Assert.Equal(FileIdentifierType.Sha1, file.FileIdentifierType);
    }

    [Fact]
    public async Task CancelMachineAction_posts_the_docs_comment()
    {
        (ILiveResponseApi api, RecordingHandler handler) = Create(_ => RecordingHandler.Json(DocsExamples.Read("machineaction.json-representation.json")));

        MachineAction action = await api.CancelMachineActionAsync("5382f7ea", new CancelMachineActionRequest { Comment = "Machine action was canceled by automation" });

        Assert.Equal(HttpMethod.Post, handler.Last.Method);
        Assert.Equal("/api/machineactions/5382f7ea/cancel", handler.Last.PathAndQuery);
        Assert.True(DocsExamples.JsonEquals(DocsExamples.Read("cancel-machine-action.request.json"), handler.Last.Body!));
        Assert.Equal("5382f7ea-7557-4ab7-9782-d50480024a4e", action.Id);
    }

    [Fact]
    public async Task GetLiveResponseResultDownloadLink_returns_a_link_that_expires_by_its_signature_and_reads_the_transcript()
    {
        string linkJson = DocsExamples.Read("get-live-response-result-link.response.json");
        (ILiveResponseApi api, RecordingHandler handler) = Create(request => request.Uri.Host == "core.windows.net"
            ? RecordingHandler.Json(DocsExamples.ReadTranscriptAsValidJson("live-response-transcript.doc-example.txt"))
            : RecordingHandler.Json(linkJson));

        DownloadLink<LiveResponseTranscript> link = await api.GetLiveResponseResultDownloadLinkAsync("988cc94e-7a8f-4b28-ab65-54970c5d5018", 0);

        Assert.Equal("/api/machineactions/988cc94e-7a8f-4b28-ab65-54970c5d5018/GetLiveResponseResultDownloadLink(index=0)", handler.Last.PathAndQuery);
        Assert.Equal("core.windows.net", link.Uri.Host);
        // The docs' link says se=2021-02-04T16:13:50Z, long before now + 30 minutes: the signature wins.
        Assert.Equal(new DateTimeOffset(2021, 2, 4, 16, 13, 50, TimeSpan.Zero), link.ExpiresAt);
        Assert.True(link.IsExpired());
        Assert.DoesNotContain("sig=", link.ToString(), StringComparison.Ordinal);
        Assert.Contains("core.windows.net", link.ToString(), StringComparison.Ordinal);

        // The content is a transcript, read through the metadata the link carries.
        using var storage = new HttpClient(new RecordingHandler(_ => RecordingHandler.Json(DocsExamples.ReadTranscriptAsValidJson("live-response-transcript.doc-example.txt"))));
        LiveResponseTranscript transcript = JsonSerializer.Deserialize(await storage.GetByteArrayAsync(link.Uri), link.ContentTypeInfo!)!;
        Assert.Equal("minidump.ps1", transcript.ScriptName);
        Assert.Equal(0, transcript.ExitCode);
        Assert.EndsWith("OfficeClickToRun.dmp.zip\n51 MB\n", transcript.ScriptOutput, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', transcript.ScriptOutput!);
        Assert.Equal(string.Empty, transcript.ScriptErrors);
    }

    [Theory]
    [InlineData("live-response-transcript.doc-example.txt")]
    [InlineData("live-response-transcript.legacy-m365docs.doc-example.txt")]
    public void Transcript_reads_both_spellings_of_the_docs(string example)
    {
        LiveResponseTranscript transcript = JsonSerializer.Deserialize(DocsExamples.ReadTranscriptAsValidJson(example), LiveResponseJsonContext.Default.LiveResponseTranscript)!;
        Assert.Equal("minidump.ps1", transcript.ScriptName);
        Assert.Equal(string.Empty, transcript.ScriptErrors);
        Assert.StartsWith(@"Transcript started, output file is C:\ProgramData\Microsoft", transcript.ScriptOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Transcript_reads_the_seed_documents_names_and_trims_nul_padding()
    {
        const string seed = """{ "name": "minidump.ps1", "exit_code": 1, "script_output": "51 MB\n\u0000\u0000\u0000", "script_error": "denied\u0000" }""";
        LiveResponseTranscript transcript = JsonSerializer.Deserialize<LiveResponseTranscript>(seed)!;
        Assert.Equal("minidump.ps1", transcript.ScriptName);
        Assert.Equal(1, transcript.ExitCode);
        Assert.Equal("51 MB\n", transcript.ScriptOutput);
        Assert.Equal("denied", transcript.ScriptErrors);
        Assert.Equal("""{"script_name":"minidump.ps1","exit_code":1,"script_output":"51 MB\n","script_errors":"denied"}""", JsonSerializer.Serialize(transcript));
    }

    [Fact]
    public async Task GetPackageUri_strips_the_quotes_the_docs_example_wraps_the_link_in()
    {
        (ILiveResponseApi api, RecordingHandler handler) = Create(_ => RecordingHandler.Json(DocsExamples.Read("get-package-sas-uri.response.json")));

        DownloadLink<Stream> link = await api.GetPackageUriAsync("7327b54fd718525cbca07dacde913b5ac3c85673");

        Assert.Equal("/api/machineactions/7327b54fd718525cbca07dacde913b5ac3c85673/getPackageUri", handler.Last.PathAndQuery);
        Assert.Equal("userrequests-us.securitycenter.windows.com", link.Uri.Host);
        Assert.Equal("/safedownload/WDATP_Investigation_Package.zip", link.Uri.AbsolutePath);
        Assert.Null(link.ContentTypeInfo);
        Assert.DoesNotContain("token", link.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Library_list_and_delete()
    {
        (ILiveResponseApi api, RecordingHandler handler) = Create(request => request.Method == HttpMethod.Delete
            ? new HttpResponseMessage(HttpStatusCode.NoContent)
            : RecordingHandler.Json(DocsExamples.Read("list-library.response.normalized.json")));

        IReadOnlyList<LibraryFile> files = await api.ListLibraryFilesAsync();
        await api.DeleteLibraryFileAsync("script 1.ps1");

        Assert.Equal(["script1.ps1", "script.sh", "memdump.exe"], files.Select(f => f.FileName));
        Assert.True(files[0].HasParameters);
        Assert.Equal("test", files[0].ParametersDescription);
        Assert.Null(files[1].Description);
        Assert.Equal(HttpMethod.Delete, handler.Last.Method);
        Assert.Equal("/api/libraryfiles/script%201.ps1", handler.Last.PathAndQuery);
    }

    [Fact]
    public async Task Error_status_surfaces_as_refits_ApiException_with_the_docs_error_body()
    {
        (ILiveResponseApi api, _) = Create(_ => RecordingHandler.Json(DocsExamples.Read("error.example.json"), HttpStatusCode.NotFound));

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => api.GetMachineActionAsync("123123123"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        ErrorResponse body = JsonSerializer.Deserialize(error.Content!, LiveResponseJsonContext.Default.ErrorResponse)!;
        Assert.Equal("ResourceNotFound", body.Error.Code);
        Assert.Equal("43f4cb08-8fac-4b65-9db1-745c2ae65f3a", body.Error.Target);
    }

    [Fact]
    public async Task A_broken_success_body_is_a_clear_format_error()
    {
        (ILiveResponseApi api, _) = Create(_ => RecordingHandler.Json("""{ "id": "1", "type": "LiveResponse" }"""));

        MdeResponseFormatException error = await Assert.ThrowsAsync<MdeResponseFormatException>(() => api.GetMachineActionAsync("1"));

        Assert.Contains("GetMachineAction", error.Message, StringComparison.Ordinal);
        Assert.Contains("'status'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Null_path_argument_is_rejected_before_any_request()
    {
        (ILiveResponseApi api, RecordingHandler handler) = Create(_ => new HttpResponseMessage(HttpStatusCode.OK));
        await Assert.ThrowsAsync<ArgumentNullException>(() => api.GetMachineActionAsync(null!));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Refit_settings_authorization_getter_is_honoured()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(DocsExamples.Read("get-machineaction.response.json")));
        var settings = new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => new ValueTask<string>("token-1") };
        ILiveResponseApi api = RestService.For<ILiveResponseApi>(new HttpClient(handler) { BaseAddress = new Uri(BaseAddress) }, settings);

        await api.GetMachineActionAsync("1");

        Assert.Equal("Bearer token-1", handler.Last.Authorization);
    }

    [Fact]
    public async Task Requests_carry_their_endpoint_description_for_handlers()
    {
        (ILiveResponseApi api, RecordingHandler handler) = Create(_ => RecordingHandler.Json(DocsExamples.Read("get-machineaction.response.json")));
        await api.GetMachineActionAsync("1");
        Assert.Same(LiveResponseApiDescription.GetMachineAction, Mde.Bindings.Http.MdeRequestOptions.GetEndpoint(handler.Last.Message));
    }

    [Fact]
    public async Task Requests_carry_only_the_documented_headers_and_their_operation_outside_the_options_dictionary()
    {
        (ILiveResponseApi api, RecordingHandler handler) = Create(_ => RecordingHandler.Json(DocsExamples.Read("get-machineaction.response.json")));
        await api.GetMachineActionAsync("1");

        // The docs list one request header, Authorization (none here: no credentials), and no Accept.
        // Source: MicrosoftDocs/defender-docs, defender-endpoint/api/get-machineaction-object.md ("Request headers").
        HttpRequestMessage sent = handler.Last.Message;
        Assert.Empty(sent.Headers);

        // The operation travels on the request itself: nothing was put in the per-request options dictionary.
        Assert.Empty(sent.Options);
        Assert.Same(LiveResponseApiDescription.GetMachineAction, Mde.Bindings.Http.MdeRequestOptions.GetEndpoint(sent));
    }
}
