using System.Net;
using System.Text.Json;
using Mde.Bindings.Emulator.Devices;
using static Mde.Bindings.Emulator.Tests.TestEmulator;

namespace Mde.Bindings.Emulator.Tests.OData;

/// <summary>List machineActions over HTTP with the query strings peers send, and the answer to one it cannot take.</summary>
public sealed class ODataEndpointTests
{
    // elastic/kibana .../microsoft_defender_endpoint/microsoft_defender_endpoint.test.ts@01378e7b ('#getActions()'):
    // the connector sends $count=true with $top (and $skip from page 2), 'in' lists joined with AND, and reads
    // '@odata.count' from the answer.
    [Fact]
    public async Task Kibana_getActions_query_is_answered_with_the_count()
    {
        await using TestEmulator emulator = await StartAsync(o =>
        {
            o.Devices.Add(new EmulatedDevice("d1", "one"));
            o.Devices.Add(new EmulatedDevice("d2", "two"));
        });
        string body = RunBody(RunScript("minidump.ps1", "x"));
        string first = await emulator.RunAsync(body, "d1");
        string second = await emulator.RunAsync(body, "d2");
        emulator.Time.Advance(Pending + CommandTime);
        string third = await emulator.RunAsync(body, "d1");

        (HttpResponseMessage response, JsonElement list) = await emulator.GetAsync(
            $"api/machineactions?$count=true&$top=1&$skip=1&$filter=id in ('{first}','{second}','{third}') AND type in ('LiveResponse')&$orderby=type desc");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, list.GetProperty("@odata.count").GetInt32());
        Assert.Equal([second], Ids(list));
        Assert.Equal(["@odata.context", "@odata.count", "value"], list.EnumerateObject().Select(p => p.Name));

        // msdirtbag/MDEAutomator function/MDEAutomator/MDEAutomator.psm1 (Get-Actions): Pascal-case names, unquoted time.
        (response, list) = await emulator.GetAsync($"api/machineactions?$filter=CreationDateTimeUtc ge {Start:yyyy-MM-ddTHH:mm:ssZ}&$orderby=CreationDateTimeUtc desc");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([third, second, first], Ids(list));
        Assert.False(list.TryGetProperty("@odata.count", out _));

        // Without $orderby the newest comes first, as the docs' "latest two MachineActions" example with $top=2 shows.
        (_, list) = await emulator.GetAsync("api/machineactions?$filter=machineId eq 'd1' or machineId eq 'd2'&$top=2");
        Assert.Equal([third, second], Ids(list));
    }

    // MicrosoftDocs/microsoft-365-docs issue 12682 quotes the service's 400 for a query option it does not take:
    // {"error":{"code":"","message":"The query specified in the URI is not valid. Custom query option '$stop' that
    // starts with '$' is not supported.",...}}.
    [Theory]
    [InlineData("$stop=2", "The query specified in the URI is not valid. Custom query option '$stop' that starts with '$' is not supported.")]
    [InlineData("$filter=contains(status,'Pend')", "The query specified in the URI is not valid. $filter function 'contains' is not supported")]
    [InlineData("$filter=computerDnsName eq 'one'", "The query specified in the URI is not valid. The property 'computerDnsName' cannot be used in the $filter query option.")]
    [InlineData("$orderby=color desc", "The query specified in the URI is not valid. Could not find a property named 'color' on type 'MachineAction'.")]
    public async Task Unsupported_query_is_a_400_in_the_service_error_shape(string query, string message)
    {
        await using TestEmulator emulator = await StartAsync();
        (HttpResponseMessage response, JsonElement body) = await emulator.GetAsync("api/machineactions?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement error = body.GetProperty("error");
        Assert.Equal(string.Empty, error.GetProperty("code").GetString());
        Assert.StartsWith(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(["code", "message", "target"], error.EnumerateObject().Select(p => p.Name));
    }

    private static string[] Ids(JsonElement list) => [.. list.GetProperty("value").EnumerateArray().Select(a => a.GetProperty("id").GetString()!)];
}
