namespace Mde.Bindings.Generator.Spec.Model;

/// <summary>
/// One piece of an operation's path template, parsed once by the reader: literal text, or the path parameter
/// that fills a <c>{placeholder}</c>.
/// </summary>
internal sealed record PathSegment(string Text, ParameterSpec? Parameter)
{
    public static PathSegment Literal(string text) => new(text, null);

    public static PathSegment Of(ParameterSpec parameter) => new(parameter.WireName, parameter);
}
