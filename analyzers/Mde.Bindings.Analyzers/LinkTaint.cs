namespace Mde.Bindings.Analyzers;

/// <summary>What a value carries of a link. Ordered: combining two values keeps the larger.</summary>
internal enum LinkTaint : byte
{
    /// <summary>Nothing of a link.</summary>
    None = 0,

    /// <summary>
    /// The link object itself, or a container that holds it without its text. Its <c>ToString()</c> is redacted, so
    /// it is harmless in text (console, exception messages) but not in storage, serializers or structured logs.
    /// </summary>
    LinkObject = 1,

    /// <summary>The link's secret as text: its <c>Uri</c>, the URI's string forms, or text built from them.</summary>
    LinkText = 2,
}
