using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.Http;

/// <summary>The names of the emulator's routes, as fault rules name them.</summary>
public static class EmulatorRoutes
{
    /// <summary>Matches every route.</summary>
    public const string Any = "*";

    /// <summary>POST /api/libraryfiles (the spec's multipart upload).</summary>
    public const string UploadLibraryFile = "UploadLibraryFile";

    /// <summary>Downloads from the storage port (the links the result-link operation returns).</summary>
    public const string Storage = "Storage";

    /// <summary>The token endpoint, POST /oauth2/v2.0/token.</summary>
    public const string Token = "Token";

    /// <summary>Every route name: the spec's operations (the upload among them), then the storage and token routes.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. LiveResponseApiDescription.All.Select(d => d.Name), Storage, Token];
}
