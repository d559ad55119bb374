using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mde.Bindings.Emulator.Tests;
using Xunit.Sdk;

namespace Mde.Bindings.ApiSurface.Tests.Infrastructure;

/// <summary>
/// How the example server answers an operation, and what the call's result must show, for each form of the spec's
/// <c>returns</c>: no content (204), a body read into the declared type, an OData value, a download link, and the
/// spec v2 forms (pages, export files; ResponseForm.SpecV2.cs).
/// </summary>
internal abstract partial class ResponseForm
{
    protected ResponseForm(SpecOperation operation, string? example)
    {
        Operation = operation;
        Example = example;
    }

    protected SpecOperation Operation { get; }

    /// <summary>The docs page's example response, as the fixture holds it.</summary>
    protected string? Example { get; }

    /// <summary>The form of <paramref name="operation"/>'s returns, with its fixture; an operation that returns something needs one.</summary>
    public static ResponseForm For(SpecOperation operation)
    {
        string? example = ExampleFixtures.Read(operation.Group, operation.Name, "response.json");
        if (operation.Returns != ReturnsForm.None && example is null)
        {
            throw new XunitException(
                $"{operation.Group} {operation.Name} returns a body but has no example: add {ExampleFixtures.RelativePath(operation.Group, operation.Name, "response.json")} " +
                $"(the docs page's example response as published, repairs listed in {ExampleFixtures.RelativeFolder}/{operation.Group}/SOURCES.md).");
        }

        return operation.Returns switch
        {
            ReturnsForm.None => new NoContent(operation),
            ReturnsForm.Value => new Body(operation, example!, unwrap: false),
            ReturnsForm.ODataValue => new Body(operation, example!, unwrap: true),
            ReturnsForm.DownloadLink => new Link(operation, example!),
            ReturnsForm.Pages => new Pages(operation, example!),
            ReturnsForm.ExportFiles => new ExportFiles(operation, example!),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation.Returns, "Unknown returns form."),
        };
    }

    /// <summary>The answer to the <paramref name="index"/>th request of the call (0: the operation's own request).</summary>
    public abstract HttpResponseMessage Answer(ReceivedRequest request, int index);

    /// <summary>Checks what the call gave against the example; <paramref name="server"/> holds every request it sent.</summary>
    public abstract Task CheckAsync(object? result, ExampleServer server);

    /// <summary>The clock the client is made on; null for the system clock. Forms that hand out short-lived links stop it at the example's time.</summary>
    public virtual TimeProvider? Clock => null;

    /// <summary>
    /// Checks the other generated calls of the operation, if its form has any (the pages form's <c>{Operation}PageAsync</c>),
    /// with the same <paramref name="arguments"/>; <paramref name="expectedPathAndQuery"/> is what the operation's own request must show.
    /// </summary>
    public virtual Task CheckOtherCallsAsync(GeneratedApi api, string operation, object?[] arguments, string expectedPathAndQuery) => Task.CompletedTask;

    /// <summary>The example's status: the spec's <c>x-status.success</c> when it gives one, else 200.</summary>
    protected HttpStatusCode SuccessStatus => (HttpStatusCode)(Operation.SuccessStatus ?? 200);

    protected static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>
    /// Every member the example shows (at any depth) comes back when the result is written as JSON again, with the
    /// same kind of value: a member the model does not know, or reads into the wrong type, would be silently dropped.
    /// Members the model has beyond the example are allowed.
    /// </summary>
    protected void AssertEveryMemberRead(JsonElement example, object? result)
    {
        Assert.NotNull(result);
        string written = JsonSerializer.Serialize(result, result.GetType());
        JsonElement writtenBack = Parse(written);
        string[] lost = Lost(JsonShape.Of(WithAliasesResolved(example, writtenBack)).Differences(writtenBack));
        Assert.True(
            lost.Length == 0,
            $"{Operation.Group} {Operation.Name}: the result ({result.GetType().Name}) does not carry everything the example shows: {string.Join("; ", lost)}{Environment.NewLine}written back: {written}");
    }

    /// <summary>
    /// The example with each member read under an alias renamed to the name the model wrote it under. The spec's aliases
    /// are per model but gathered per spec, so a name is renamed only where the written object lacks it and has the
    /// alias's own name instead (globalPrevalence is FileProfile's own name and FileStatistics' alias).
    /// </summary>
    private JsonElement WithAliasesResolved(JsonElement example, JsonElement written)
    {
        JsonNode? node = JsonNode.Parse(example.GetRawText());
        Rename(node, JsonNode.Parse(written.GetRawText()));
        return Parse(node?.ToJsonString() ?? "null");

        void Rename(JsonNode? n, JsonNode? w)
        {
            if (n is JsonArray array)
            {
                JsonArray? writtenArray = w as JsonArray;
                for (int i = 0; i < array.Count; i++)
                {
                    Rename(array[i], writtenArray is not null && i < writtenArray.Count ? writtenArray[i] : null);
                }
            }
            else if (n is JsonObject o)
            {
                JsonObject? writtenObject = w as JsonObject;
                foreach (string name in o.Select(member => member.Key).ToList())
                {
                    JsonNode? value = o[name];
                    if (writtenObject is not null && !writtenObject.ContainsKey(name)
                        && Operation.Aliases.TryGetValue(name, out string? own) && !o.ContainsKey(own) && writtenObject.ContainsKey(own))
                    {
                        Rename(value, writtenObject[own]);
                        o.Remove(name);
                        o[own] = value;
                    }
                    else
                    {
                        Rename(value, writtenObject?[name]);
                    }
                }
            }
        }
    }

    /// <summary>
    /// What a comparison with <see cref="JsonShape"/> says was lost: missing members and values of another kind. Extra
    /// members are not losses, and neither are OData annotations (<c>@odata.context</c>, <c>@odata.nextLink</c>): they
    /// describe the response, not the entity, and the client drops them by design.
    /// </summary>
    public static string[] Lost(IEnumerable<string> differences) =>
        differences
            .Where(d => !d.StartsWith("extra ", StringComparison.Ordinal) && !d.StartsWith("unchecked ", StringComparison.Ordinal))
            .Where(d => !d.Contains(".@odata.", StringComparison.Ordinal))
            .ToArray();

    /// <summary>No <c>returns</c>: the service answers 204 and the call completes with nothing.</summary>
    private sealed class NoContent(SpecOperation operation) : ResponseForm(operation, null)
    {
        public override HttpResponseMessage Answer(ReceivedRequest request, int index) => new(HttpStatusCode.NoContent);

        public override Task CheckAsync(object? result, ExampleServer server)
        {
            Assert.Null(result);
            return Task.CompletedTask;
        }
    }

    /// <summary>A type, or <c>{ "value": T }</c>: the example (or its <c>value</c>) read into the declared type.</summary>
    private sealed class Body(SpecOperation operation, string example, bool unwrap) : ResponseForm(operation, example)
    {
        public override HttpResponseMessage Answer(ReceivedRequest request, int index) => ExampleServer.Json(Example!, SuccessStatus);

        public override Task CheckAsync(object? result, ExampleServer server)
        {
            JsonElement example = Parse(Example!);
            if (unwrap)
            {
                Assert.True(example.TryGetProperty("value", out example), $"{Operation.Name} returns an OData value, but its example has no \"value\" member.");
            }

            AssertEveryMemberRead(example, result);
            return Task.CompletedTask;
        }
    }

    /// <summary><c>{ "downloadLink": T }</c>: the link in the example's <c>value</c>, wrapped with its expiry.</summary>
    private sealed class Link(SpecOperation operation, string example) : ResponseForm(operation, example)
    {
        public override HttpResponseMessage Answer(ReceivedRequest request, int index) => ExampleServer.Json(Example!, SuccessStatus);

        public override Task CheckAsync(object? result, ExampleServer server)
        {
            Assert.NotNull(result);
            Assert.True(result.GetType().IsGenericType && result.GetType().GetGenericTypeDefinition() == typeof(DownloadLink<>), $"{Operation.Name} returns {result.GetType()}, not a DownloadLink<T>.");
            var uri = (Uri)result.GetType().GetProperty(nameof(DownloadLink<object>.Uri))!.GetValue(result)!;
            var expiresAt = (DateTimeOffset)result.GetType().GetProperty(nameof(DownloadLink<object>.ExpiresAt))!.GetValue(result)!;

            // The docs print one link wrapped in an extra pair of quotes (get-package-sas-uri); the client reads it either way.
            string published = Parse(Example!).GetProperty("value").GetString()!.Trim('"');
            Assert.Equal(new Uri(published).AbsoluteUri, uri.AbsoluteUri);
            Assert.NotEqual(default, expiresAt);
            return Task.CompletedTask;
        }
    }
}
