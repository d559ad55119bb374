using Mde.Bindings.Generator.Common;

namespace Mde.Bindings.Generator.Spec.Model;

/// <summary>
/// A model (a JSON object), the name of its JSON converter, and its properties. A form model (<see cref="IsForm"/>,
/// the <c>multipart</c> body of an operation) is never JSON: its properties are the form's fields and it has no converter.
/// </summary>
internal sealed record ModelSpec(string Name, string ConverterName, string? Summary, EquatableArray<PropertySpec> Properties, bool IsForm);

/// <summary>
/// One property: the JSON name it is written with, other names it is read from (<see cref="Aliases"/>), its
/// C# name and type. <see cref="NulPadded"/> strings lose their trailing NUL characters when read.
/// </summary>
internal sealed record PropertySpec(
    string JsonName,
    string CSharpName,
    TypeRef Type,
    EquatableArray<string> Aliases,
    string? Summary,
    bool Required,
    bool NulPadded);
