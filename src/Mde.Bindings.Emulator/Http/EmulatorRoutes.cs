using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.Http;

/// <summary>The names of the emulator's routes, as fault rules name them.</summary>
public static class EmulatorRoutes
{
    /// <summary>Matches every route.</summary>
    public const string Any = "*";

    /// <summary>POST /api/libraryfiles (multipart upload; not in the spec, which cannot describe it).</summary>
    public const string UploadLibraryFile = "UploadLibraryFile";

    /// <summary>Downloads from the storage port (the links the result-link operation returns).</summary>
    public const string Storage = "Storage";

    /// <summary>The token endpoint, POST /oauth2/v2.0/token.</summary>
    public const string Token = "Token";

    /// <summary>Every route name: the spec's operations, then the upload, storage and token routes.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. LiveResponseApiDescription.All.Select(d => d.Name), UploadLibraryFile, Storage, Token];
}
