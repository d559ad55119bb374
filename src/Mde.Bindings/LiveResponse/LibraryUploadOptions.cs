namespace Mde.Bindings.LiveResponse;

/// <summary>The form fields of a library upload.</summary>
public sealed class LibraryUploadOptions
{
    /// <summary>The file's description.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the script takes parameters.</summary>
    public bool HasParameters { get; init; }

    /// <summary>How the parameters are used.</summary>
    public string? ParametersDescription { get; init; }

    /// <summary>Replace a library file of the same name.</summary>
    public bool OverrideIfExists { get; init; }
}
