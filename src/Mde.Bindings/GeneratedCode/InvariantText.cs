using System.Globalization;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// How a request writes a value as text, whatever the current culture: a path segment (<see cref="UrlFormatter"/>), a
/// query value (<see cref="QueryString"/>) and a form field (<c>GeneratedApiClientBase.AddFormField</c>) all format
/// through here, so they agree. Escaping is left to each of them.
/// </summary>
internal static class InvariantText
{
    /// <summary>Decimal digits, invariant sign.</summary>
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Decimal digits, invariant sign.</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The shortest text that reads back as the same double.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>true</c> or <c>false</c> in lower case, as the docs' examples write booleans (not .NET's <c>True</c>). Source:
    /// MicrosoftDocs/defender-docs, defender-endpoint/api/upload-library.md (its curl example: <c>-F HasParameters=true</c>).
    /// </summary>
    public static string Format(bool value) => value ? "true" : "false";

    /// <summary>32 hex digits with hyphens, no braces.</summary>
    public static string Format(Guid value) => value.ToString("D");

    /// <summary>ISO 8601 with its offset and every fractional digit (round-trip).</summary>
    public static string Format(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
