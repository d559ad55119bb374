using Mde.Bindings.Emulator.OData;
using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.Tests.OData;

/// <summary>The emulator's <c>$filter</c>, <c>$orderby</c>, <c>$top</c>, <c>$skip</c> and <c>$count</c> on a fixed set of actions.</summary>
public sealed class ODataFilterTests
{
    private const string First = "5382f7ea-7557-4ab7-9782-d50480024a4e";
    private const string Second = "7327b54fd718525cb1e8e0b6e8f7a7a3f1eb6c30";
    private const string Third = "b3da2ed1-ca2c-4b3c-a7b7-ae1e2ac5e2a1";
    private static readonly DateTimeOffset T0 = new(2024, 1, 31, 8, 0, 0, TimeSpan.Zero);

    // Newest first, as the list endpoint hands them over.
    private static readonly MachineAction[] s_actions =
    [
        Action(Third, "Unisolate", "Failed", "d1", T0.AddHours(2), "Analyst@contoso.com", errorHResult: -2147024891),
        Action(Second, "Isolate", "Pending", "d2", T0.AddHours(1), "Analyst@contoso.com"),
        Action(First, "LiveResponse", "Succeeded", "d1", T0, "0e3bd66b-7a27-4c6a-a6a4-1b5dcd2b5d35", computerDnsName: null),
    ];

    // elastic/kibana x-pack/platform/plugins/shared/stack_connectors/server/connector_types/microsoft_defender_endpoint/
    // microsoft_defender_endpoint.test.ts@01378e7b, '#getActions()': the connector sends 'in' lists joined with AND
    // in capitals.
    [Theory]
    [InlineData("id in ('5382f7ea-7557-4ab7-9782-d50480024a4e','7327b54fd718525cb1e8e0b6e8f7a7a3f1eb6c30') AND type in ('Isolate','LiveResponse')", new[] { Second, First })]
    [InlineData("id eq '5382f7ea-7557-4ab7-9782-d50480024a4e' AND status eq 'Succeeded' AND machineId eq 'd1'", new[] { First })]
    [InlineData("id in ('5382f7ea-7557-4ab7-9782-d50480024a4e','b3da2ed1-ca2c-4b3c-a7b7-ae1e2ac5e2a1') AND type in ('Isolate','Unisolate')", new[] { Third })]
    public void Kibana_connector_filters(string filter, string[] expected) => Assert.Equal(expected, Ids(filter));

    // demisto/content Packs/MicrosoftDefenderAdvancedThreatProtection/Integrations/MicrosoftDefenderAdvancedThreatProtection/
    // MicrosoftDefenderAdvancedThreatProtection.py, reformat_filter and reformat_filter_with_list_arg: clauses joined
    // with ' and ', and one parenthesised clause per machine id joined with ' or '.
    [Theory]
    [InlineData("status eq 'Failed' and machineId eq 'd1' and type eq 'Unisolate'", new[] { Third })]
    [InlineData("(machineId eq 'd1' and requestor eq 'Analyst@contoso.com') or (machineId eq 'd2' and requestor eq 'Analyst@contoso.com')", new[] { Third, Second })]
    public void Demisto_integration_filters(string filter, string[] expected) => Assert.Equal(expected, Ids(filter));

    // msdirtbag/MDEAutomator function/MDEAutomator/MDEAutomator.psm1, Get-Actions: a property name in Pascal case and an
    // unquoted date-time; MicrosoftDocs/microsoft-365-docs issue 6231 also lists the filterable names that way.
    [Theory]
    [InlineData("CreationDateTimeUtc ge 2024-01-31T09:00:00Z", new[] { Third, Second })]
    [InlineData("creationDateTimeUtc ge 2024-01-31T08:00:00Z and creationDateTimeUtc lt 2024-01-31T09:00:00Z", new[] { First })]
    [InlineData("MACHINEID EQ 'd1' And Status Ne 'Failed'", new[] { First })]
    public void Property_names_and_keywords_in_any_case(string filter, string[] expected) => Assert.Equal(expected, Ids(filter));

    // The List machineActions page's examples: requestor and type joined with and.
    [Fact]
    public void Docs_example_filter() =>
        Assert.Equal([Third, Second], Ids("requestor eq 'Analyst@contoso.com' and type ne 'LiveResponse'"));

    [Theory]
    [InlineData("creationDateTimeUtc gt 2024-01-31T08:00:00Z", new[] { Third, Second })]
    [InlineData("creationDateTimeUtc le 2024-01-31T09:00:00Z", new[] { Second, First })]
    [InlineData("creationDateTimeUtc lt '2024-01-31T09:00:00.0000000Z'", new[] { First })]
    [InlineData("creationDateTimeUtc eq 2024-01-31T11:00:00+02:00", new[] { Second })]
    [InlineData("creationDateTimeUtc ne null", new[] { Third, Second, First })]
    [InlineData("id eq 5382f7ea-7557-4ab7-9782-d50480024a4e", new[] { First })]
    [InlineData("not (status eq 'Pending' or status eq 'Failed')", new[] { First })]
    [InlineData("not status eq 'Pending' and machineId eq 'd1'", new[] { Third, First })]
    [InlineData("machineId eq 'd2' or machineId eq 'd1' and status eq 'Succeeded'", new[] { Second, First })]
    [InlineData("(machineId eq 'd2' or machineId eq 'd1') and status eq 'Succeeded'", new[] { First })]
    [InlineData("status in ('pending', 'FAILED')", new[] { Third, Second })]
    [InlineData("requestor eq null", new string[0])]
    [InlineData("machineId gt 'd1'", new[] { Second })]
    [InlineData("requestor eq 'it''s'", new string[0])]
    public void Comparisons_literals_and_precedence(string filter, string[] expected) => Assert.Equal(expected, Ids(filter));

    [Theory]
    [InlineData("computerDnsName eq 'one'", "The property 'computerDnsName' cannot be used in the $filter query option.")]
    [InlineData("deviceName eq 'one'", "Could not find a property named 'deviceName' on type 'MachineAction'.")]
    [InlineData("status eq Pending", "incompatible types")]
    [InlineData("status eq 5", "incompatible types")]
    [InlineData("creationDateTimeUtc gt 'yesterday'", "incompatible types")]
    [InlineData("status like 'Pend'", "'like' at position 7 in $filter is not an operator")]
    [InlineData("status eq 'Pending' and", "$filter ends where a property name was expected.")]
    [InlineData("(status eq 'Pending'", "$filter expects ')' to close the '('")]
    [InlineData("status in ('Pending'", "$filter expects ')' to close the list after in")]
    [InlineData("status eq 'Pending", "is not closed with a quote")]
    [InlineData("status eq 'Pending' status eq 'Failed'", "'status' was not expected there")]
    [InlineData("contains(status,'Pend')", "$filter function 'contains' is not supported")]
    [InlineData("  ", "$filter is empty")]
    public void Unsupported_filters_are_refused_with_the_reason(string filter, string reason)
    {
        ODataQueryException error = Assert.Throws<ODataQueryException>(() => Query(("$filter", filter)));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("The query specified in the URI is not valid. ", error.ServiceMessage, StringComparison.Ordinal);
    }

    // kibana's connector sorts with '$orderby: type desc' (same test file); MDEAutomator with 'CreationDateTimeUtc desc'.
    [Theory]
    [InlineData("type desc", new[] { Third, First, Second })]
    [InlineData("type", new[] { Second, First, Third })]
    [InlineData("CreationDateTimeUtc desc", new[] { Third, Second, First })]
    [InlineData("creationDateTimeUtc asc", new[] { First, Second, Third })]
    [InlineData("machineId asc, creationDateTimeUtc desc", new[] { Third, First, Second })]
    [InlineData("requestor desc,id", new[] { Second, Third, First })]
    [InlineData("errorHResult", new[] { Third, Second, First })]
    public void Orderby_sorts_on_one_key_or_many(string orderBy, string[] expected) =>
        Assert.Equal(expected, Ids(Query(("$orderby", orderBy)).Page));

    [Fact]
    public void Skip_and_top_page_after_filter_and_order_and_count_ignores_them()
    {
        (IReadOnlyList<MachineAction> page, int matched) = Query(("$filter", "machineId ne 'none'"), ("$orderby", "creationDateTimeUtc"), ("$skip", "1"), ("$top", "1"), ("$count", "true"));
        Assert.Equal([Second], Ids(page));
        Assert.Equal(3, matched);
        Assert.Empty(Query(("$top", "0")).Page);
        Assert.Empty(Query(("$skip", "3")).Page);
        Assert.Equal([Third, Second, First], Ids(Query().Page));
    }

    [Theory]
    [InlineData("$top", "10001", "$top must be a whole number from 0 to 10000")]
    [InlineData("$top", "-1", "$top must be a whole number")]
    [InlineData("$skip", "x", "$skip must be a whole number")]
    [InlineData("$count", "yes", "$count must be true or false")]
    [InlineData("$orderby", "type sideways", "neither asc nor desc")]
    [InlineData("$orderby", "type,", "is not a list of 'property [asc|desc]'")]
    [InlineData("$orderby", "color", "Could not find a property named 'color'")]
    [InlineData("$select", "id", "The emulator does not implement $select.")]

    // The service's words for a query option it does not know (MicrosoftDocs/microsoft-365-docs issue 12682, where
    // the docs' '$stop' was sent for $top).
    [InlineData("$stop", "2", "Custom query option '$stop' that starts with '$' is not supported.")]
    public void Bad_query_options_are_refused(string name, string value, string reason)
    {
        ODataQueryException error = Assert.Throws<ODataQueryException>(() => Query((name, value)));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_without_a_dollar_are_not_query_options() =>
        Assert.Equal(3, Query(("api-version", "1.0")).Page.Count);

    private static string[] Ids(string filter) => Ids(Query(("$filter", filter)).Page);

    private static string[] Ids(IEnumerable<MachineAction> actions) => [.. actions.Select(a => a.Id)];

    private static (IReadOnlyList<MachineAction> Page, int Matched) Query(params (string Name, string Value)[] options) =>
        MachineActionQuery.Parse(options.Select(o => new KeyValuePair<string, string?>(o.Name, o.Value))).Apply(s_actions);

    private static MachineAction Action(string id, string type, string status, string machineId, DateTimeOffset created, string requestor, int? errorHResult = 0, string? computerDnsName = "device") => new()
    {
        Id = id,
        Type = new MachineActionType(type),
        Status = new MachineActionStatus(status),
        MachineId = machineId,
        CreationDateTimeUtc = created,
        Requestor = requestor,
        ErrorHResult = errorHResult,
        ComputerDnsName = computerDnsName,
    };
}
