using System.Text.Json.Serialization;

namespace Mde.Bindings.Tests.Downloads;

/// <summary>JSON content behind a link, read through source-generated metadata as generated models are.</summary>
internal sealed record SampleResult(string Name, int Count);

[JsonSerializable(typeof(SampleResult))]
internal sealed partial class SampleJsonContext : JsonSerializerContext;
