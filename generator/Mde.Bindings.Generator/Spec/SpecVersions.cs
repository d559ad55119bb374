namespace Mde.Bindings.Generator.Spec;

/// <summary>
/// The versions of the spec format. Version 2 only adds forms (paged returns, …): every version 1 spec is a valid
/// version 2 spec and generates the same code, so a spec declares the lowest version whose forms it uses.
/// </summary>
internal static class SpecVersions
{
    public const int First = 1;

    public const int Newest = 2;

    /// <summary>The version a <c>specVersion</c> number spells, or null when it is not one (<c>1.0</c> is not).</summary>
    public static int? Parse(string numberText) => numberText switch
    {
        "1" => 1,
        "2" => 2,
        _ => null,
    };
}
