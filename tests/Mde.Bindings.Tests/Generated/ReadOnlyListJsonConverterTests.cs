using System.Text.Json;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Tests.Generated;

/// <summary>
/// Writing a generated model whose required string, list or model member was left null (<c>Params = null!</c>): a
/// <see cref="JsonException"/> that names the model, the member and the fix before anything is written, not a
/// NullReferenceException half-way through the object, nor a null the contract does not allow. (Reading rejects such a
/// null the same way.)
/// </summary>
public sealed class ReadOnlyListJsonConverterTests
{
    [Fact]
    public void A_required_list_member_left_null_is_a_json_error_that_names_the_list_and_the_fix()
    {
        var command = new LiveResponseCommand { Type = LiveResponseCommandType.RunScript, Params = null! };

        JsonException error = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(command, LiveResponseJsonContext.Default.LiveResponseCommand));

        Assert.Contains("LiveResponseCommand being written has null for 'params'", error.Message, StringComparison.Ordinal);
        Assert.Contains("to an empty list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_model_member_left_null_is_a_json_error_raised_before_anything_is_written()
    {
        var response = new ErrorResponse { Error = null! };
        using var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer);

        JsonException error = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(writer, response, LiveResponseJsonContext.Default.ErrorResponse));

        Assert.Contains("ErrorResponse being written has null for 'error'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, writer.BytesPending + writer.BytesCommitted);
    }

    [Fact]
    public void A_required_string_left_null_is_a_json_error_not_a_null_on_the_wire()
    {
        var cancel = new CancelMachineActionRequest { Comment = null! };

        JsonException error = Assert.Throws<JsonException>(() => JsonSerializer.SerializeToUtf8Bytes(cancel, LiveResponseJsonContext.Default.CancelMachineActionRequest));

        Assert.Contains("CancelMachineActionRequest being written has null for 'Comment'", error.Message, StringComparison.Ordinal);

        // What it refuses to write is what reading refuses to take.
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"Comment":null}""", LiveResponseJsonContext.Default.CancelMachineActionRequest));
    }

    [Fact]
    public void A_null_list_nested_in_a_request_body_fails_the_same_way()
    {
        var request = new RunLiveResponseRequest
        {
            Commands = [new LiveResponseCommand { Type = LiveResponseCommandType.GetFile, Params = null! }],
        };

        JsonException error = Assert.Throws<JsonException>(() => JsonSerializer.SerializeToUtf8Bytes(request, LiveResponseJsonContext.Default.RunLiveResponseRequest));

        Assert.Contains("LiveResponseCommand being written has null for 'params'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteList_rejects_null_directly_and_still_writes_an_empty_list_as_an_empty_array()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Assert.Throws<JsonException>(() => ReadOnlyListJsonConverter<string>.WriteList(writer, null!, JsonPrimitives.StringElementConverter, JsonSerializerOptions.Default));
            ReadOnlyListJsonConverter<string>.WriteList(writer, [], JsonPrimitives.StringElementConverter, JsonSerializerOptions.Default);
        }

        Assert.Equal("[]", System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
