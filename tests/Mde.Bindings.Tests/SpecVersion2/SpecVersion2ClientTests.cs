using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Contoso.Defender.V2;
using Mde.Bindings.Tests.Infrastructure;
using Mde.Bindings.Throttling;
using Refit;

namespace Mde.Bindings.Tests.SpecVersion2;

/// <summary>
/// The other forms of Specs/v2-exports.api.json over HTTP: OData function paths, a POST read whose rows are
/// <c>json</c>, operations without a body, and an unthrottled operation.
/// </summary>
public sealed class SpecVersion2ClientTests
{
    private const string BaseAddress = "https://api.security.microsoft.com";

    private static (IExportsTestApi Api, RecordingHandler Handler) Create(Func<RecordedRequest, HttpResponseMessage> respond)
    {
        var handler = new RecordingHandler(respond);
        return (RestService.For<IExportsTestApi>(new HttpClient(handler) { BaseAddress = new Uri(BaseAddress) }), handler);
    }

    [Fact]
    public async Task Function_path_doubles_the_quotes_of_a_string_value_and_escapes_every_value()
    {
        // OData ABNF: a single quote inside a string literal is written as two (SQUOTE-in-string). Page:
        // MicrosoftDocs/defender-docs, defender-endpoint/api/find-machines-by-ip.md (findbyip(ip='{IP}',timestamp={TimeStamp})).
        (IExportsTestApi api, RecordingHandler handler) = Create(_ => RecordingHandler.Json("""{ "value": [ { "id": "m1", "lastIpAddress": "10.0.0.1" } ] }"""));

        IReadOnlyList<Machine> machines = await api.FindMachinesByIpAsync("10.0.0.1' or '1'='1", new DateTimeOffset(2019, 9, 22, 8, 44, 5, TimeSpan.Zero));

        Assert.Equal("m1", Assert.Single(machines).Id);
        Assert.Equal("/api/machines/findbyip(ip='10.0.0.1%27%27%20or%20%27%271%27%27%3D%27%271',timestamp=2019-09-22T08%3A44%3A05.0000000%2B00%3A00)", handler.Last.PathAndQuery);
        Assert.Equal("/api/machines/findbyip(ip='10.0.0.1'' or ''1''=''1',timestamp=2019-09-22T08:44:05.0000000+00:00)", Uri.UnescapeDataString(handler.Last.PathAndQuery));
    }

    [Fact]
    public async Task Function_path_quotes_an_enum_and_leaves_a_number_unquoted()
    {
        (IExportsTestApi api, RecordingHandler handler) = Create(_ => RecordingHandler.Json("""{ "value": [] }"""));

        Assert.Empty(await api.FindMachineByTagAsync(MachineTag.Production, 25));

        Assert.Equal("/api/machines/find(tag='Production',top=25)", handler.Last.PathAndQuery);
    }

    [Fact]
    public async Task Post_read_sends_the_query_and_reads_typed_schema_and_json_rows()
    {
        // Request and answer: MicrosoftDocs/defender-docs, defender-endpoint/api/run-advanced-query-api.md (examples).
        (IExportsTestApi api, RecordingHandler handler) = Create(_ => RecordingHandler.Json(ExportPayloads.AdvancedQueryAnswer));

        AdvancedQueryResponse response = await api.RunAdvancedQueryAsync(new AdvancedQuery { Query = ExportPayloads.AdvancedQuery });

        Assert.Equal(HttpMethod.Post, handler.Last.Method);
        Assert.Equal("/api/advancedqueries/run", handler.Last.PathAndQuery);
        Assert.Equal(ExportPayloads.AdvancedQuery, JsonDocument.Parse(handler.Last.Body!).RootElement.GetProperty("Query").GetString());
        Assert.Equal(["Timestamp:DateTime", "FileName:String", "InitiatingProcessFileName:String", "DeviceId:String"], response.Schema.Select(c => c.Name + ":" + c.Type));
        Assert.Equal(2, response.Results.Count);
        Assert.Equal("csc.exe", response.Results[0].GetProperty("FileName").GetString());
        Assert.Null(response.Stats);

        IReadOnlyList<ProcessRow> rows = response.Results.MapRows(HuntingJson.Default.ProcessRow);

        Assert.Equal(new DateTimeOffset(2020, 2, 5, 1, 10, 26, TimeSpan.Zero).AddTicks(5614772), rows[1].Timestamp);
        Assert.All(rows, r => Assert.Equal("powershell.exe", r.InitiatingProcessFileName));
        Assert.All(rows, r => Assert.Equal("10cbf9182d4e95660362f65cfa67c7731f62fdb3", r.DeviceId));
    }

    [Fact]
    public void A_row_that_does_not_fit_names_its_index()
    {
        AdvancedQueryResponse response = JsonSerializer.Deserialize(
            """{ "Schema": [], "Results": [ { "FileName": "a.exe" }, "not a row" ] }""", ExportsTestJsonContext.Default.AdvancedQueryResponse)!;

        MdeResponseFormatException error = Assert.Throws<MdeResponseFormatException>(() => response.Results.MapRows(HuntingJson.Default.ProcessRow));

        Assert.StartsWith("Row 1 is not a valid ProcessRow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_members_keep_any_value_and_write_back_what_was_read()
    {
        const string Json = """{"payload":{"a":[1,"two",null]},"required":null}""";

        RawEnvelope envelope = JsonSerializer.Deserialize(Json, ExportsTestJsonContext.Default.RawEnvelope)!;

        Assert.Equal(JsonValueKind.Object, envelope.Payload.ValueKind);
        Assert.Equal(JsonValueKind.Null, envelope.Required.ValueKind);
        Assert.Null(envelope.Extra);
        Assert.Equal(Json, JsonSerializer.Serialize(envelope, ExportsTestJsonContext.Default.RawEnvelope));
        Assert.Equal("{}", JsonSerializer.Serialize(new RawEnvelope { Required = default }, ExportsTestJsonContext.Default.RawEnvelope));
    }

    [Theory]
    [InlineData(HttpStatusCode.NoContent)]
    [InlineData(HttpStatusCode.OK)]
    public async Task An_operation_without_returns_accepts_no_content_and_an_empty_200(HttpStatusCode status)
    {
        // Batch updates answer without a body: MicrosoftDocs/defender-docs, defender-endpoint/api/batch-update-alerts.md
        // ("Response": 200 OK with an empty response body); the alert ID is the page's example.
        (IExportsTestApi api, RecordingHandler handler) = Create(_ => new HttpResponseMessage(status) { Content = new ByteArrayContent([]) });

        await api.UpdateAlertsBatchAsync(new AlertsBatchUpdate { AlertIds = ["da637399794050273582_760707377"], Status = "Resolved" });

        Assert.Equal("""{"alertIds":["da637399794050273582_760707377"],"status":"Resolved"}""", handler.Last.Body);
    }

    [Theory]
    [InlineData(HttpStatusCode.NoContent, false)]
    [InlineData(HttpStatusCode.OK, false)]
    [InlineData(HttpStatusCode.OK, true)]
    public async Task An_operation_with_returns_that_gets_no_body_is_a_typed_error_naming_it(HttpStatusCode status, bool chunked)
    {
        (IExportsTestApi api, _) = Create(_ => new HttpResponseMessage(status) { Content = chunked ? new StreamContent(new MemoryStream()) : new ByteArrayContent([]) });

        MdeResponseFormatException error = await Assert.ThrowsAsync<MdeResponseFormatException>(() => api.RunAdvancedQueryAsync(new AdvancedQuery { Query = "DeviceInfo" }));

        Assert.StartsWith("RunAdvancedQuery answered " + (int)status + " with", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operation_without_limits_takes_no_permit_and_its_description_says_so()
    {
        (IExportsTestApi inner, _) = Create(_ => RecordingHandler.Json("""{ "payload": 1, "required": true }"""));
        var limiters = new CountingLimiters();
        var api = new ThrottledExportsTestApi(inner, limiters);

        RawEnvelope envelope = await api.GetRawEventAsync("e1");
        Assert.Equal(1, envelope.Payload.GetInt32());
        Assert.Empty(limiters.Asked);

        await Assert.ThrowsAsync<MdeResponseFormatException>(() => api.RunAdvancedQueryAsync(new AdvancedQuery { Query = "x" }));
        Assert.Equal(["RunAdvancedQuery"], limiters.Asked);

        Assert.Empty(ExportsTestApiDescription.GetRawEvent.Limits);
    }

    private sealed class CountingLimiters : IRateLimiterProvider
    {
        public List<string> Asked { get; } = [];

        public RateLimiter GetLimiter(EndpointDescription endpoint)
        {
            Asked.Add(endpoint.Name);
            return new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 10, QueueLimit = 0 });
        }
    }
}

/// <summary>A user's own row type for advanced hunting results.</summary>
internal sealed record ProcessRow(DateTimeOffset Timestamp, string FileName, string InitiatingProcessFileName, string DeviceId);

/// <summary>The user's own reflection-free JSON metadata for it.</summary>
[JsonSerializable(typeof(ProcessRow))]
internal sealed partial class HuntingJson : JsonSerializerContext;
