using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mde.Bindings.ApiSurface.Tests.Infrastructure;

/// <summary>
/// The spec v2 forms. What the server does is complete here; what the generated call gives back depends on the paging
/// and export types that land with spec v2 (gpaging, gexport). The seam is <see cref="GeneratedApi.DrainAsync"/>: both
/// forms expect the operation's <c>{Operation}Async</c> to yield every item as an <see cref="IAsyncEnumerable{T}"/>
/// (the issue 15 contract); a result of any other shape fails with a message that says where to complete the check.
/// </summary>
internal abstract partial class ResponseForm
{
    /// <summary>The base of the addresses the server hands out (next links, export files).</summary>
    private const string ServerRoot = "https://api.security.microsoft.com";

    private static async Task<IReadOnlyList<object?>> ItemsAsync(SpecOperation operation, object? result, string form)
    {
        IReadOnlyList<object?>? items = await GeneratedApi.DrainAsync(result);
        return items ?? throw new Xunit.Sdk.XunitException(
            $"SEAM ({form}): {operation.Group} {operation.Name}Async gave {result?.GetType().FullName ?? "null"}, not an IAsyncEnumerable<T>. " +
            $"Complete ResponseForm.{form}.CheckAsync (tests/Mde.Bindings.ApiSurface.Tests/Infrastructure/ResponseForm.SpecV2.cs) for that type.");
    }

    /// <summary>
    /// <c>{ "pages": T }</c>: the example is served as the first page with an <c>@odata.nextLink</c>, then again as the
    /// last page without one; the call must follow the link once and yield both pages' items.
    /// </summary>
    private sealed class Pages(SpecOperation operation, string example) : ResponseForm(operation, example)
    {
        private const string NextPageQuery = "?$skiptoken=page-2";

        public override HttpResponseMessage Answer(ReceivedRequest request, int index)
        {
            JsonObject page = JsonNode.Parse(Example!)!.AsObject();
            page.Remove("@odata.nextLink");
            if (index == 0)
            {
                page["@odata.nextLink"] = ServerRoot + request.Uri.AbsolutePath + NextPageQuery;
            }

            return ExampleServer.Json(page.ToJsonString(), SuccessStatus);
        }

        public override async Task CheckAsync(object? result, IReadOnlyList<ReceivedRequest> requests)
        {
            IReadOnlyList<object?> items = await ItemsAsync(Operation, result, nameof(Pages));
            Assert.Equal(2, requests.Count);
            Assert.Equal(requests[0].Uri.AbsolutePath + NextPageQuery, requests[1].PathAndQuery);

            JsonElement value = Parse(Example!).GetProperty("value");
            Assert.Equal(2 * value.GetArrayLength(), items.Count);
            AssertEveryMemberRead(value, items);
        }
    }

    /// <summary>
    /// <c>{ "exportFiles": T }</c>: the example lists the file links; each link is answered with the GZIP JSON lines of
    /// {Operation}.rows.jsonl, and the call must yield every row of every file.
    /// </summary>
    private sealed class ExportFiles : ResponseForm
    {
        private readonly string _rows;

        public ExportFiles(SpecOperation operation, string example)
            : base(operation, example)
        {
            _rows = ExampleFixtures.Read(operation.Group, operation.Name, "rows.jsonl")
                ?? throw new Xunit.Sdk.XunitException(
                    $"{operation.Group} {operation.Name} returns export files: add {ExampleFixtures.RelativePath(operation.Group, operation.Name, "rows.jsonl")} (the rows as the docs page shows them, one JSON object a line).");
        }

        private IReadOnlyList<string> Links => Parse(Example!).GetProperty("exportFiles").EnumerateArray().Select(link => link.GetString()!).ToList();

        private IReadOnlyList<string> RowLines => _rows.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public override HttpResponseMessage Answer(ReceivedRequest request, int index)
        {
            if (index == 0)
            {
                return ExampleServer.Json(Example!, SuccessStatus);
            }

            Assert.Contains(request.Uri.AbsoluteUri, Links.Select(link => new Uri(link).AbsoluteUri));
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(Encoding.UTF8.GetBytes(string.Join('\n', RowLines) + "\n"));
            }

            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(compressed.ToArray()) };
        }

        public override async Task CheckAsync(object? result, IReadOnlyList<ReceivedRequest> requests)
        {
            IReadOnlyList<object?> rows = await ItemsAsync(Operation, result, nameof(ExportFiles));
            Assert.Equal(Links.Count * RowLines.Count, rows.Count);
            JsonElement published = Parse("[" + string.Join(',', RowLines) + "]");
            AssertEveryMemberRead(published, rows);
        }
    }
}
