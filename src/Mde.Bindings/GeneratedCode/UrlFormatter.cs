using System.ComponentModel;
using System.Globalization;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// For generated code: not meant to be called directly.
/// Formats path values for generated clients: invariant culture, escaped once; text inside an OData string literal of
/// a function path, such as <c>/api/machines/findbyip(ip='{ip}',timestamp={timestamp})</c>, through
/// <see cref="QuotedPath"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class UrlFormatter
{
    /// <summary>Formats a path segment value.</summary>
    public static string Path(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Uri.EscapeDataString(value);
    }

    /// <summary>Formats a path segment value.</summary>
    public static string Path(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a path segment value.</summary>
    public static string Path(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a path segment value.</summary>
    public static string Path(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats a path segment value.</summary>
    public static string Path(bool value) => value ? "true" : "false";

    /// <summary>Formats a path segment value.</summary>
    public static string Path(Guid value) => value.ToString("D");

    /// <summary>Formats a path segment value.</summary>
    public static string Path(DateTimeOffset value) => Uri.EscapeDataString(value.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>
    /// Formats <paramref name="value"/> for the inside of a quoted OData string literal in a path: each single quote is
    /// doubled (OData's escape, so the value cannot end the literal), then the text is percent-encoded.
    /// </summary>
    /// <param name="value">The text to put between the quotes.</param>
    /// <returns>The escaped text, without the surrounding quotes (the path template has them).</returns>
    public static string QuotedPath(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Uri.EscapeDataString(value.Replace("'", "''", StringComparison.Ordinal));
    }
}
