using System.ComponentModel;

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
    public static string Path(int value) => InvariantText.Format(value);

    /// <summary>Formats a path segment value.</summary>
    public static string Path(long value) => InvariantText.Format(value);

    /// <summary>Formats a path segment value.</summary>
    public static string Path(double value) => InvariantText.Format(value);

    /// <summary>Formats a path segment value.</summary>
    public static string Path(bool value) => InvariantText.Format(value);

    /// <summary>Formats a path segment value.</summary>
    public static string Path(Guid value) => InvariantText.Format(value);

    /// <summary>Formats a path segment value.</summary>
    public static string Path(DateTimeOffset value) => Uri.EscapeDataString(InvariantText.Format(value));

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
