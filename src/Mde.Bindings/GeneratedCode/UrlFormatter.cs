using System.ComponentModel;

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
}
