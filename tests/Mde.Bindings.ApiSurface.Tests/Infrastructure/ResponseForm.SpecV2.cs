using System.Collections;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mde.Bindings.Downloads;
using Mde.Bindings.Exports;
using Xunit.Sdk;

namespace Mde.Bindings.ApiSurface.Tests.Infrastructure;

/// <summary>
/// The spec v2 forms: <c>{ "pages": T }</c> (the operation's <c>{Operation}Async</c> yields every item of every page;
/// <c>{Operation}PageAsync</c> reads one page) and <c>{ "exportFiles": T }</c> (an <see cref="ExportFiles{T}"/> whose
/// rows are streamed from storage).
/// </summary>
internal abstract partial class ResponseForm
{
    /// <summary>The base of the addresses the server hands out (next links).</summary>
    private const string ServerRoot = "https://api.security.microsoft.com";

    private static async Task<IReadOnlyList<object?>> ItemsAsync(SpecOperation operation, object? result)
    {
        IReadOnlyList<object?>? items = await GeneratedApi.DrainAsync(result);
        return items ?? throw new XunitException(
            $"{operation.Group} {operation.Name}Async gave {result?.GetType().FullName ?? "null"}, not an IAsyncEnumerable<T>.");
    }

    /// <summary>The example <paramref name="times"/> times over, as one array: what reading it that often must give.</summary>
    private static JsonElement Repeated(JsonElement items, int times) =>
        Parse("[" + string.Join(',', Enumerable.Repeat(items.EnumerateArray().Select(item => item.GetRawText()), times).SelectMany(i => i)) + "]");

    /// <summary>
    /// <c>{ "pages": T }</c>: the example is served as the first page with an <c>@odata.nextLink</c> on the API's own
    /// host, then again as the last page without one; <c>{Operation}Async</c> must follow the link once and yield both
    /// pages' items, and <c>{Operation}PageAsync</c> must read each page with its link.
    /// </summary>
    private sealed class Pages(SpecOperation operation, string example) : ResponseForm(operation, example)
    {
        private const string NextPageQuery = "?$skiptoken=page-2";

        private JsonElement Items => Parse(Example!).GetProperty("value");

        public override HttpResponseMessage Answer(ReceivedRequest request, int index)
        {
            JsonObject page = JsonNode.Parse(Example!)!.AsObject();
            page.Remove("@odata.nextLink");
            if (index == 0)
            {
                page["@odata.nextLink"] = NextLink(request);
            }

            return ExampleServer.Json(page.ToJsonString(), SuccessStatus);
        }

        private static string NextLink(ReceivedRequest first) => ServerRoot + first.Uri.AbsolutePath + NextPageQuery;

        public override async Task CheckAsync(object? result, ExampleServer server)
        {
            IReadOnlyList<object?> items = await ItemsAsync(Operation, result);
            IReadOnlyList<ReceivedRequest> requests = server.Requests;
            Assert.Equal(2, requests.Count);
            Assert.Equal(Operation.Method, requests[1].Method.Method);
            Assert.Equal(requests[0].Uri.AbsolutePath + NextPageQuery, requests[1].PathAndQuery);

            Assert.Equal(2 * Items.GetArrayLength(), items.Count);
            AssertEveryMemberRead(Repeated(Items, 2), items);
        }

        public override async Task CheckOtherCallsAsync(GeneratedApi api, string operation, object?[] arguments, string expectedPathAndQuery)
        {
            int sent = 0;
            var server = new ExampleServer(request => Answer(request, Interlocked.Increment(ref sent) - 1));
            using var http = new HttpClient(server) { BaseAddress = new Uri(ServerRoot) };
            object client = api.CreateClient(http);
            Type[] firstPageParameters = api.Method(operation).GetParameters().Select(p => p.ParameterType).ToArray();
            MethodInfo firstPage = api.InterfaceMethod(operation + "PageAsync", firstPageParameters)
                ?? throw new XunitException($"{api.Interface.FullName} has no {operation}PageAsync with the parameters of {operation}Async.");
            MethodInfo nextPage = api.InterfaceMethod(operation + "PageAsync", [typeof(Uri), typeof(CancellationToken)])
                ?? throw new XunitException($"{api.Interface.FullName} has no {operation}PageAsync(Uri nextLink, CancellationToken).");

            (IReadOnlyList<object?> items, Uri? link) = PageOf(await GeneratedApi.CallAsync(client, firstPage, arguments));
            ReceivedRequest first = server.Requests.Single();
            Assert.Equal(Operation.Method, first.Method.Method);
            Assert.Equal(expectedPathAndQuery, first.PathAndQuery);
            Assert.Equal(NextLink(first), link?.AbsoluteUri);
            Assert.Equal(Items.GetArrayLength(), items.Count);
            AssertEveryMemberRead(Items, items);

            (items, link) = PageOf(await GeneratedApi.CallAsync(client, nextPage, [link, CancellationToken.None]));
            Assert.Equal(2, server.Requests.Count);
            Assert.Equal(first.Uri.AbsolutePath + NextPageQuery, server.Requests[1].PathAndQuery);
            Assert.Null(link);
            Assert.Equal(Items.GetArrayLength(), items.Count);
        }

        /// <summary>The items and next link of an <see cref="ODataPage{T}"/>.</summary>
        private (IReadOnlyList<object?> Items, Uri? NextLink) PageOf(object? page)
        {
            Assert.True(
                page?.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(ODataPage<>),
                $"{Operation.Name}PageAsync gave {page?.GetType().FullName ?? "null"}, not an ODataPage<T>.");
            var items = ((IEnumerable)page!.GetType().GetProperty(nameof(ODataPage<object>.Items))!.GetValue(page)!).Cast<object?>().ToList();
            return (items, (Uri?)page.GetType().GetProperty(nameof(ODataPage<object>.NextLink))!.GetValue(page));
        }
    }

    /// <summary>
    /// <c>{ "exportFiles": T }</c>: the API answers with the example's file links; a storage server (not the API's
    /// client) answers each link with the GZIP JSON lines of {Operation}.rows.jsonl, and ReadRowsAsync must yield every
    /// row of every file, file after file. The clock stands at the example's generatedTime, when its links were valid.
    /// </summary>
    private sealed class ExportFiles : ResponseForm
    {
        private readonly string _rows;

        public ExportFiles(SpecOperation operation, string example)
            : base(operation, example)
        {
            _rows = ExampleFixtures.Read(operation.Group, operation.Name, "rows.jsonl")
                ?? throw new XunitException(
                    $"{operation.Group} {operation.Name} returns export files: add {ExampleFixtures.RelativePath(operation.Group, operation.Name, "rows.jsonl")} (the rows as the docs page shows them, one JSON object a line).");
        }

        private IReadOnlyList<Uri> Links => Parse(Example!).GetProperty("exportFiles").EnumerateArray().Select(link => new Uri(link.GetString()!)).ToList();

        private DateTimeOffset GeneratedTime =>
            Parse(Example!).TryGetProperty("generatedTime", out JsonElement time)
                ? DateTimeOffset.Parse(time.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : throw new XunitException($"{Operation.Name}'s example has no generatedTime: the test cannot tell when its links were valid.");

        private IReadOnlyList<string> RowLines => _rows.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public override TimeProvider? Clock => new FixedClock(GeneratedTime);

        public override HttpResponseMessage Answer(ReceivedRequest request, int index) =>
            index == 0 ? ExampleServer.Json(Example!, SuccessStatus) : new HttpResponseMessage(HttpStatusCode.InternalServerError);

        private HttpResponseMessage StorageAnswer(ReceivedRequest request)
        {
            Assert.Contains(request.Uri.AbsoluteUri, Links.Select(link => link.AbsoluteUri));
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(Encoding.UTF8.GetBytes(string.Join('\n', RowLines) + "\n"));
            }

            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(compressed.ToArray()) };
        }

        public override async Task CheckAsync(object? result, ExampleServer server)
        {
            Assert.Single(server.Requests);
            Assert.True(
                result?.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(ExportFiles<>),
                $"{Operation.Name}Async gave {result?.GetType().FullName ?? "null"}, not an ExportFiles<T>.");
            Type export = result!.GetType();
            Assert.Equal(Links, (IReadOnlyList<Uri>)export.GetProperty(nameof(ExportFiles<object>.Links))!.GetValue(result)!);
            Assert.Equal(GeneratedTime, (DateTimeOffset?)export.GetProperty(nameof(ExportFiles<object>.GeneratedTime))!.GetValue(result));

            var storage = new ExampleServer(StorageAnswer);
            using var storageClient = new HttpClient(storage);
            var downloader = new LinkDownloader(storageClient, timeProvider: Clock);
            MethodInfo readRows = export.GetMethod(nameof(ExportFiles<object>.ReadRowsAsync), [typeof(LinkDownloader), typeof(CancellationToken)])!;
            IReadOnlyList<object?> rows = await ItemsAsync(Operation, readRows.Invoke(result, [downloader, CancellationToken.None]));

            Assert.Equal(Links.Select(link => link.AbsoluteUri), storage.Requests.Select(r => r.Uri.AbsoluteUri));
            Assert.All(storage.Requests, r => Assert.Null(r.Authorization)); // the bearer token never goes to the storage host
            Assert.Equal(Links.Count * RowLines.Count, rows.Count);
            JsonElement published = Parse("[" + string.Join(',', RowLines) + "]");
            AssertEveryMemberRead(Repeated(published, Links.Count), rows);
        }
    }
}
