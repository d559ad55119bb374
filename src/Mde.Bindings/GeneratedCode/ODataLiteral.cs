using System.ComponentModel;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// For generated code: not meant to be called directly.
/// Formats values that sit inside an OData string literal of a function path, such as
/// <c>/api/machines/findbyip(ip='{ip}',timestamp={timestamp})</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ODataLiteral
{
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
