using System.Text.Json.Serialization;
using Mde.Bindings.Emulator.Faults;

namespace Mde.Bindings.Emulator.Admin;

/// <summary>Source-generated JSON metadata of the admin endpoints' own types (no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdminDevice))]
[JsonSerializable(typeof(List<AdminDevice>))]
[JsonSerializable(typeof(AdminLibraryFile))]
[JsonSerializable(typeof(AdminInfo))]
[JsonSerializable(typeof(AdminFaultAdded))]
[JsonSerializable(typeof(AdminFaultRule))]
[JsonSerializable(typeof(List<ActiveFault>))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
