namespace Mde.Bindings.LiveResponse;

/// <summary>
/// The multipart/form-data fields of the library upload (<see cref="LiveResponseClient.UploadLibraryFile"/>): the client
/// writes them and the emulator reads them. Source: MicrosoftDocs/defender-docs defender-endpoint/api/upload-library.md
/// @02787177 (its field table; its curl example adds HasParameters and spells the file field in lower case).
/// </summary>
internal static class LibraryUploadForm
{
    /// <summary>The file's content and name. The curl example's spelling; the table writes <c>File</c>, and names match ignoring case.</summary>
    public const string File = "file";

    public const string Description = "Description";

    public const string HasParameters = "HasParameters";

    public const string ParametersDescription = "ParametersDescription";

    public const string OverrideIfExists = "OverrideIfExists";
}
