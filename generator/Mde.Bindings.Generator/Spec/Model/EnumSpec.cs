using Mde.Bindings.Generator.Common;

namespace Mde.Bindings.Generator.Spec.Model;

/// <summary>An enum: the name of its JSON converter, its values exactly as the wire spells them, and the C# member name of each.</summary>
internal sealed record EnumSpec(string Name, string ConverterName, string? Summary, EquatableArray<EnumMemberSpec> Members);

internal sealed record EnumMemberSpec(string WireValue, string CSharpName);
