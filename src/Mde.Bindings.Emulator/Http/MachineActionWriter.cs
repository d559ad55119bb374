using System.Globalization;
using System.Text.Json;
using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.Http;

/// <summary>
/// Writes a MachineAction as the service does (payloads published by peers, see docs/service-behaviour.md): every one
/// of the entity's 20 members in the service's order, null ones as explicit nulls, <c>troubleshootInfo</c> (which the
/// spec does not model) as null, and timestamps in UTC with <c>Z</c> and a fraction of 0 to 7 digits, trailing zeros
/// trimmed. The generated writer leaves nulls out and writes <c>+00:00</c>, which is why this one exists.
/// </summary>
internal static class MachineActionWriter
{
    // .NET's F specifiers drop trailing zeros, and the dot too when the fraction is zero: "…:00Z", "…:01.92Z".
    private const string TimestampFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'";

    public static void Write(Utf8JsonWriter writer, MachineAction action)
    {
        writer.WriteStartObject();
        if (action.OdataContext is { } context)
        {
            writer.WriteString("@odata.context", context);
        }

        writer.WriteString("id", action.Id);
        writer.WriteString("type", action.Type.ToString());
        WriteNullable(writer, "title", action.Title);
        WriteNullable(writer, "requestor", action.Requestor);
        WriteNullable(writer, "requestorComment", action.RequestorComment);
        writer.WriteString("status", action.Status.ToString());
        WriteNullable(writer, "machineId", action.MachineId);
        WriteNullable(writer, "computerDnsName", action.ComputerDnsName);
        WriteTimestamp(writer, "creationDateTimeUtc", action.CreationDateTimeUtc);
        WriteTimestamp(writer, "lastUpdateDateTimeUtc", action.LastUpdateDateTimeUtc);
        WriteNullable(writer, "cancellationRequestor", action.CancellationRequestor);
        WriteNullable(writer, "cancellationComment", action.CancellationComment);
        WriteTimestamp(writer, "cancellationDateTimeUtc", action.CancellationDateTimeUtc);
        if (action.ErrorHResult is { } hresult)
        {
            writer.WriteNumber("errorHResult", hresult);
        }
        else
        {
            writer.WriteNull("errorHResult");
        }

        WriteNullable(writer, "scope", action.Scope);
        WriteNullable(writer, "externalId", action.ExternalId);
        WriteNullable(writer, "requestSource", action.RequestSource);
        writer.WritePropertyName("relatedFileInfo");
        if (action.RelatedFileInfo is { } file)
        {
            JsonSerializer.Serialize(writer, file, ProtocolJson.Context.RelatedFileInfo);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteStartArray("commands");
        foreach (MachineActionCommand command in action.Commands ?? [])
        {
            WriteCommand(writer, command);
        }

        writer.WriteEndArray();
        writer.WriteNull("troubleshootInfo");
        writer.WriteEndObject();
    }

    public static void WriteList(Utf8JsonWriter writer, IEnumerable<MachineAction> actions)
    {
        writer.WriteStartArray();
        foreach (MachineAction action in actions)
        {
            Write(writer, action);
        }

        writer.WriteEndArray();
    }

    /// <summary>A timestamp as the service writes it: UTC, <c>Z</c>, trailing zeros of the fraction trimmed.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private static void WriteCommand(Utf8JsonWriter writer, MachineActionCommand command)
    {
        writer.WriteStartObject();
        writer.WriteNumber("index", command.Index);
        WriteTimestamp(writer, "startTime", command.StartTime);
        WriteTimestamp(writer, "endTime", command.EndTime);
        writer.WriteString("commandStatus", command.CommandStatus.ToString());
        writer.WriteStartArray("errors");
        foreach (string error in command.Errors ?? [])
        {
            writer.WriteStringValue(error);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("command");
        writer.WriteString("type", command.Command.Type.ToString());
        writer.WriteStartArray("params");
        foreach (LiveResponseCommandParam param in command.Command.Params)
        {
            writer.WriteStartObject();
            writer.WriteString("key", param.Key);
            writer.WriteString("value", param.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteTimestamp(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } timestamp)
        {
            writer.WriteString(name, FormatTimestamp(timestamp));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
