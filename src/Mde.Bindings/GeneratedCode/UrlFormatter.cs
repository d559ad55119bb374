using System.ComponentModel;
using System.Globalization;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// For generated code: not meant to be called directly.
/// Formats path values for generated clients: invariant culture, escaped once.
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
}
