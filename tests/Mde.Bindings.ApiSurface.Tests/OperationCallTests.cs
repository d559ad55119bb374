using System.Reflection;
using System.Text.Json;
using Mde.Bindings.ApiSurface.Tests.Infrastructure;
using Mde.Bindings.Emulator.Tests;

namespace Mde.Bindings.ApiSurface.Tests;

/// <summary>
/// Every operation of every shipped spec, called through the client generated into this assembly against a server
/// that answers with the docs page's own example (tests/TestData/defender-docs/examples): the request's method and
/// path (arguments substituted and escaped), the query, the body, and the example read into the declared type with
/// nothing dropped. One test case per operation, named after its spec and operation.
/// </summary>
public sealed class OperationCallTests
{
    private const string BaseAddress = "https://api.security.microsoft.com";

    /// <summary>(spec group, operation) for each operation of each generated <c>{Name}ApiDescription.All</c>.</summary>
    public static TheoryData<string, string> Operations
    {
        get
        {
            var operations = new TheoryData<string, string>();
            foreach (GeneratedApi api in GeneratedApi.All)
            {
                string group = SpecOperation.All.FirstOrDefault(o => o.Namespace == api.Namespace && o.ApiName == api.Name)?.Group
                    ?? throw new InvalidOperationException($"{api.Description.FullName} comes from no spec under api-spec/.");
                foreach (EndpointDescription operation in api.Operations.Where(o => !NoPublishedExample.Contains(group, o.Name)))
                {
                    operations.Add(group, operation.Name);
                }
            }

            return operations;
        }
    }

    /// <summary>(spec group, operation, reason) for each operation no published example can be served for (<see cref="NoPublishedExample"/>).</summary>
    public static TheoryData<string, string, string> OperationsWithoutExample
    {
        get
        {
            var operations = new TheoryData<string, string, string>();
            foreach (((string spec, string operation), (_, string reason)) in NoPublishedExample.Operations)
            {
                operations.Add(spec, operation, reason);
            }

            return operations;
        }
    }

    [Fact]
    public void Every_shipped_spec_is_generated_with_every_operation()
    {
        Assert.NotEmpty(SpecOperation.All);
        foreach (IGrouping<string, SpecOperation> spec in SpecOperation.All.GroupBy(o => o.Group))
        {
            SpecOperation first = spec.First();
            GeneratedApi? api = GeneratedApi.Find(first.Namespace, first.ApiName);
            Assert.True(api is not null, $"api-spec/{spec.Key}.api.json generated no {first.Namespace}.{first.ApiName}ApiDescription into this assembly.");
            Assert.Equal(spec.Select(o => o.Name).Order(StringComparer.Ordinal), api.Operations.Select(o => o.Name).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Each_operation_listed_without_an_example_is_shipped_and_still_lacks_its_fixture()
    {
        foreach (((string spec, string operation), (string missing, string reason)) in NoPublishedExample.Operations)
        {
            Assert.NotEmpty(reason);
            SpecOperation op = SpecOperation.Find(spec, operation);
            Assert.True(
                ExampleFixtures.Read(op.Group, op.Name, missing) is null,
                $"{ExampleFixtures.RelativePath(spec, operation, missing)} exists now: remove {spec} {operation} from {nameof(NoPublishedExample)}.");
        }
    }

    /// <summary>Reported as skipped, one case per listed operation, with the reason in its name: not silently passed.</summary>
    [Theory]
    [MemberData(nameof(OperationsWithoutExample), Skip = "No published example of the entity (the reason argument says why; Infrastructure/NoPublishedExample.cs).")]
    public void Operation_without_a_published_example_is_not_called(string spec, string operation, string reason) =>
        Assert.Fail($"{spec} {operation} was to be skipped: {reason}");

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_is_called_over_HTTP_and_reads_the_docs_example(string spec, string operation)
    {
        SpecOperation op = SpecOperation.Find(spec, operation);
        GeneratedApi api = GeneratedApi.Find(op.Namespace, op.ApiName)!;
        ResponseForm form = ResponseForm.For(op);
        int sent = 0;
        var server = new ExampleServer(request => form.Answer(request, Interlocked.Increment(ref sent) - 1));
        using var http = new HttpClient(server) { BaseAddress = new Uri(BaseAddress) };
        MethodInfo method = api.Method(operation);
        (object?[] arguments, string expectedPathAndQuery, string? requestExample) = Arguments(op, method);

        object? result = await GeneratedApi.CallAsync(api.CreateClient(http, form.Clock), method, arguments);
        await form.CheckAsync(result, server);
        await form.CheckOtherCallsAsync(api, operation, arguments, expectedPathAndQuery);

        Assert.All(server.Requests, r => Assert.Equal("Bearer " + GeneratedApi.ApiToken, r.Authorization));
        ReceivedRequest request = server.Requests[0];
        Assert.Equal(op.Method, request.Method.Method);
        Assert.Equal(expectedPathAndQuery, request.PathAndQuery);
        if (op.HasMultipartBody)
        {
            // A form body ({ "multipart": … }): its fields are covered by the runtime's multipart tests.
            Assert.Equal("multipart/form-data", request.ContentType);
        }
        else if (op.HasBody)
        {
            Assert.Equal("application/json", request.ContentType);
            JsonElement body = JsonDocument.Parse(request.Body!).RootElement;
            if (requestExample is not null)
            {
                // The request read from the docs example is sent with every member the example shows.
                string[] lost = ResponseForm.Lost(JsonShape.Of(JsonDocument.Parse(requestExample).RootElement).Differences(body));
                Assert.True(lost.Length == 0, $"The request body lost what the example shows: {string.Join("; ", lost)}{Environment.NewLine}sent: {request.Body}");
            }
        }
        else
        {
            Assert.Null(request.Body);
        }
    }

    /// <summary>
    /// A sample argument for each parameter of the generated method, the path and query they must produce (the spec's
    /// template with each value escaped, then the query parameters in the spec's order), and the request example used
    /// for the body when the fixture folder has one.
    /// </summary>
    private static (object?[] Arguments, string PathAndQuery, string? RequestExample) Arguments(SpecOperation op, MethodInfo method)
    {
        string path = op.Path;
        var query = new List<(SpecParameter Parameter, string Text)>();
        string? requestExample = null;
        var arguments = new List<object?>();
        foreach (ParameterInfo parameter in method.GetParameters())
        {
            if (parameter.ParameterType == typeof(CancellationToken))
            {
                arguments.Add(CancellationToken.None);
                continue;
            }

            if (parameter.Name == "body" && op.HasBody)
            {
                requestExample = ExampleFixtures.Read(op.Group, op.Name, "request.json");
                arguments.Add(requestExample is null
                    ? Activator.CreateInstance(parameter.ParameterType)
                    : JsonSerializer.Deserialize(requestExample, parameter.ParameterType));
                continue;
            }

            SpecParameter declared = op.Parameters.SingleOrDefault(p => p.IsNamed(parameter.Name!))
                ?? throw new InvalidOperationException($"{op.Name}Async has a parameter '{parameter.Name}' that api-spec/{op.Group}.api.json does not declare.");
            object value = ArgumentSamples.Value(parameter.ParameterType);
            arguments.Add(value);
            if (declared.Place == ParameterPlace.Path)
            {
                Assert.Contains("{" + declared.WireName + "}", path, StringComparison.Ordinal);
                path = path.Replace("{" + declared.WireName + "}", ArgumentSamples.WireText(value), StringComparison.Ordinal);
            }
            else
            {
                query.Add((declared, ArgumentSamples.WireText(value)));
            }
        }

        // Query parameters go in the order the spec declares them.
        string queryString = string.Join('&', op.Parameters.Where(p => p.Place == ParameterPlace.Query).Select(p => p.WireName + "=" + query.Single(q => q.Parameter == p).Text));
        return (arguments.ToArray(), path + (queryString.Length == 0 ? string.Empty : "?" + queryString), requestExample);
    }
}
