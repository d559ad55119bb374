using System.ComponentModel;
using System.Text;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// For generated code: not meant to be called directly.
/// Builds the query string of a generated request. A null value leaves its parameter out; names are written
/// as the spec spells them (OData's <c>$filter</c> keeps its <c>$</c>), values are escaped.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class QueryString
{
    private StringBuilder? _text;

    /// <summary>Adds a parameter when its value is not null.</summary>
    public void Add(string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        _text ??= new StringBuilder();
        _text.Append(_text.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }

    /// <summary>Adds a parameter when its value is not null.</summary>
    public void Add(string name, int? value) => Add(name, value is { } v ? InvariantText.Format(v) : null);

    /// <summary>Adds a parameter when its value is not null.</summary>
    public void Add(string name, long? value) => Add(name, value is { } v ? InvariantText.Format(v) : null);

    /// <summary>Adds a parameter when its value is not null.</summary>
    public void Add(string name, double? value) => Add(name, value is { } v ? InvariantText.Format(v) : null);

    /// <summary>Adds a parameter when its value is not null.</summary>
    public void Add(string name, bool? value) => Add(name, value is { } v ? InvariantText.Format(v) : null);

    /// <summary>Adds a parameter when its value is not null.</summary>
    public void Add(string name, Guid? value) => Add(name, value is { } v ? InvariantText.Format(v) : null);

    /// <summary>Adds a parameter when its value is not null.</summary>
    public void Add(string name, DateTimeOffset? value) => Add(name, value is { } v ? InvariantText.Format(v) : null);

    /// <summary>The query string, with its leading <c>?</c>, or an empty string when no parameter has a value.</summary>
    public override string ToString() => _text?.ToString() ?? string.Empty;
}
