namespace Mde.Bindings.LiveResponse;

/// <summary>A file of the tenant's live response library.</summary>
/// <param name="FileName">The file's name, which RunScript and PutFile commands use.</param>
/// <param name="Sha256">Its SHA-256 hash.</param>
/// <param name="Description">Its description.</param>
/// <param name="HasParameters">Whether a script takes parameters.</param>
/// <param name="ParametersDescription">How the parameters are used.</param>
/// <param name="CreatedBy">Who uploaded it.</param>
/// <param name="CreationTime">When it was uploaded.</param>
/// <param name="LastUpdatedTime">When it last changed.</param>
/// <example>
/// <code>
/// LibraryEntry uploaded = await client.UploadLibraryFileAsync("collect-logs.ps1", description: "Collects the event logs");
/// Console.WriteLine($"{uploaded.FileName}: {uploaded.Sha256}");
/// </code>
/// </example>
public sealed record LibraryEntry(
    string FileName,
    string? Sha256,
    string? Description,
    bool HasParameters,
    string? ParametersDescription,
    string? CreatedBy,
    DateTimeOffset? CreationTime,
    DateTimeOffset? LastUpdatedTime);
