namespace Mde.Bindings.Generator.Spec.Model;

internal enum ReturnKind
{
    /// <summary>No content: the method returns <c>Task</c>.</summary>
    None,

    /// <summary>The body is the type.</summary>
    Value,

    /// <summary>The body is an OData wrapper whose <c>value</c> is the type; the method returns the value.</summary>
    ODataValue,

    /// <summary>The body's <c>value</c> is a short-lived link to content of the type (or raw bytes).</summary>
    DownloadLink,

    /// <summary>
    /// The body is one page of an OData collection (<c>value</c>, <c>@odata.nextLink</c>, <c>@odata.count</c>) whose
    /// elements are the type (a model or enum, never an array); later pages follow the next link. Spec version 2.
    /// </summary>
    Pages,

    /// <summary>
    /// The body lists short-lived links to GZIP JSON-lines files whose rows are the type (<c>exportFiles</c>, spec
    /// version 2); <see cref="ReturnSpec.LinkLifetimeTicks"/> is how long the links live.
    /// </summary>
    ExportFiles,
}

/// <summary>What an operation returns. For links, <see cref="Type"/> is null when the content is raw bytes; for export files it is the row model.</summary>
internal sealed record ReturnSpec(ReturnKind Kind, TypeRef? Type, long LinkLifetimeTicks)
{
    public static readonly ReturnSpec Nothing = new(ReturnKind.None, null, 0);
}
