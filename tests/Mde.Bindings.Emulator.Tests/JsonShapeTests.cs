using System.Text.Json;

namespace Mde.Bindings.Emulator.Tests;

/// <summary>The conformance comparer itself: a departure it cannot see would let every conformance test pass on a broken emulator.</summary>
public sealed class JsonShapeTests
{
    [Fact]
    public void A_null_where_the_example_shows_a_value_is_a_difference() =>
        Assert.Equal(
            ["null $.items[].name: expected String", "null $.when: expected date"],
            Differences("""{ "when": "2021-02-04T15:36:52.7788848Z", "items": [{ "name": "a" }] }""", """{ "when": null, "items": [{ "name": null }] }"""));

    [Fact]
    public void A_null_where_the_example_shows_null_somewhere_is_not() =>
        Assert.Empty(Differences(
            """{ "scope": null, "items": [{ "scope": "Full" }, { "scope": null }], "info": null }""",
            """{ "scope": "Selective", "items": [{ "scope": null }], "info": { "any": 1 } }"""));

    [Fact]
    public void Elements_under_an_empty_example_array_are_reported_unchecked() =>
        Assert.Equal(
            ["unchecked $.errors[]: the example's array is empty"],
            Differences("""{ "errors": [] }""", """{ "errors": ["boom", "again"] }"""));

    [Fact]
    public void An_empty_answer_array_under_an_empty_example_array_is_the_same_shape() =>
        Assert.Empty(Differences("""{ "errors": [] }""", """{ "errors": [] }"""));

    [Fact]
    public void Kinds_members_and_dates_inside_array_elements_are_compared() =>
        Assert.Equal(
            ["extra $.value[].extra", "kind $.value[].at: expected date, got String", "kind $.value[].index: expected Number, got String", "missing $.value[].id"],
            Differences(
                """{ "value": [{ "id": "1", "index": 0, "at": "2019-01-02T14:39:38Z" }] }""",
                """{ "value": [{ "index": "0", "at": "yesterday", "extra": true }] }"""));

    private static string[] Differences(string example, string actual) =>
        [.. JsonShape.Of(JsonDocument.Parse(example).RootElement).Differences(JsonDocument.Parse(actual).RootElement)];
}
