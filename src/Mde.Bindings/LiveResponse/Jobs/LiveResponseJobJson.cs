using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mde.Bindings.LiveResponse;

/// <summary>
/// The journal's JSON form of a job definition and of each event (snake_case, enums by name, events tagged with
/// <c>"event"</c>), for stores that keep text: one format for every store, read and written without reflection.
/// </summary>
internal static class LiveResponseJobJson
{
    /// <summary>The definition as JSON.</summary>
    public static string Serialize(LiveResponseJobDefinition definition) =>
        JsonSerializer.Serialize(definition ?? throw new ArgumentNullException(nameof(definition)), LiveResponseJobJsonContext.Default.LiveResponseJobDefinition);

    /// <summary>An event as JSON.</summary>
    public static string Serialize(LiveResponseJobEvent jobEvent) =>
        JsonSerializer.Serialize(jobEvent ?? throw new ArgumentNullException(nameof(jobEvent)), LiveResponseJobJsonContext.Default.LiveResponseJobEvent);

    /// <summary>Reads a definition and checks it can be run by this version.</summary>
    /// <exception cref="LiveResponseJobFormatException">A newer format, or JSON that is not a complete definition.</exception>
    public static LiveResponseJobDefinition DeserializeDefinition(string json)
    {
        LiveResponseJobDefinition definition = Read(json, LiveResponseJobJsonContext.Default.LiveResponseJobDefinition, "definition");
        definition.EnsureReadable();
        return definition;
    }

    /// <summary>Reads an event.</summary>
    /// <exception cref="LiveResponseJobFormatException">JSON that is not an event this version knows.</exception>
    public static LiveResponseJobEvent DeserializeEvent(string json)
    {
        LiveResponseJobEvent jobEvent = Read(json, LiveResponseJobJsonContext.Default.LiveResponseJobEvent, "event");
        if (string.IsNullOrWhiteSpace(jobEvent.MachineId))
        {
            throw new LiveResponseJobFormatException("A job journal event names no device: the journal is damaged; start a new job.");
        }

        return jobEvent;
    }

    private static T Read<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo)
                ?? throw new LiveResponseJobFormatException($"The job journal holds an empty {what}: the journal is damaged; start a new job.");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // The message says where, not what: a journal's text may hold paths, and nothing secret, but keep it short.
            throw new LiveResponseJobFormatException($"The job journal holds a {what} this version cannot read ({ex.Message}): it was written by a newer version or it is damaged.", ex);
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(LiveResponseJobDefinition))]
[JsonSerializable(typeof(LiveResponseJobEvent))]
internal sealed partial class LiveResponseJobJsonContext : JsonSerializerContext;
