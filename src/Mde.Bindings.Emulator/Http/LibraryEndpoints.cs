using System.Text.Json;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Library;
using Mde.Bindings.Emulator.Protocol;
using Mde.Bindings.Emulator.State;

namespace Mde.Bindings.Emulator.Http;

/// <summary>ListLibraryFiles, DeleteLibraryFile and the multipart upload the spec cannot describe.</summary>
internal sealed class LibraryEndpoints
{
    /// <summary>The upload API's documented size limit.</summary>
    public const long MaxFileBytes = 20 * 1024 * 1024;

    /// <summary>
    /// The upload shares the list's path and its documented permission and limits (Library.Manage; 100/minute and
    /// 1500/hour); the spec leaves it out because spec v1 cannot describe a multipart body.
    /// </summary>
    public static EndpointDescription Upload { get; } = new(
        LiveResponseApiDescription.ApiName,
        EmulatorRoutes.UploadLibraryFile,
        "POST",
        LiveResponseApiDescription.ListLibraryFiles.PathTemplate,
        LiveResponseApiDescription.ListLibraryFiles.ApplicationPermissions,
        LiveResponseApiDescription.ListLibraryFiles.DelegatedPermissions,
        LiveResponseApiDescription.ListLibraryFiles.Limits);

    private readonly EmulatorRuntime _runtime;

    public LibraryEndpoints(EmulatorRuntime runtime)
    {
        _runtime = runtime;
    }

    public void Map(IEndpointRouteBuilder routes, ApiGuard guard)
    {
        routes.MapOperation(guard, LiveResponseApiDescription.ListLibraryFiles, ListAsync);
        routes.MapOperation(guard, LiveResponseApiDescription.DeleteLibraryFile, DeleteAsync);
        routes.MapOperation(guard, Upload, UploadAsync);
    }

    private Task ListAsync(HttpContext context, TokenClaims caller)
    {
        LibraryFile[] files = [.. _runtime.State.StoredLibraryFiles().Select(ToModel)];
        return JsonResponses.WriteODataValueAsync(context, "LibraryFiles", writer => JsonSerializer.Serialize(writer, files, ProtocolJson.Context.LibraryFileList));
    }

    private Task DeleteAsync(HttpContext context, TokenClaims caller)
    {
        string fileName = OperationRoutes.RouteValue(context, "fileName");
        if (!_runtime.State.RemoveLibraryFile(fileName))
        {
            return ErrorResponses.WriteAsync(context, RequestError.NotFound($"Library file {fileName} was not found"));
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private async Task UploadAsync(HttpContext context, TokenClaims caller)
    {
        if (!context.Request.HasFormContentType)
        {
            await ErrorResponses.WriteAsync(context, RequestError.InvalidRequestBody("Upload a library file as multipart/form-data with a 'File' field.")).ConfigureAwait(false);
            return;
        }

        IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        IFormFile? file = form.Files.GetFile("File");
        if (file is null)
        {
            await ErrorResponses.WriteAsync(context, RequestError.MissingRequiredParameter("The form has no 'File' field holding the file to upload.")).ConfigureAwait(false);
            return;
        }

        string fileName = Path.GetFileName(file.FileName);
        bool overwrite = false;
        bool hasParameters = false;
        RequestError? error = !LibraryFileNames.IsValid(fileName)
            ? RequestError.InvalidRequestBody($"The file name '{fileName}' is not allowed: use letters, digits, '-', '_' and '.' only.")
            : file.Length > MaxFileBytes
                ? RequestError.InvalidRequestBody($"The file has {file.Length} bytes; the library takes files up to 20MB.")
                : !TryReadBool(form, "OverrideIfExists", out overwrite) || !TryReadBool(form, "HasParameters", out hasParameters)
                    ? RequestError.InvalidRequestBody("OverrideIfExists and HasParameters are true or false.")
                    : null;
        if (error is not null)
        {
            await ErrorResponses.WriteAsync(context, error).ConfigureAwait(false);
            return;
        }

        using var content = new MemoryStream((int)file.Length);
        await file.CopyToAsync(content, context.RequestAborted).ConfigureAwait(false);
        var upload = new EmulatedLibraryFile(fileName, content.ToArray())
        {
            Description = NullIfEmpty(form["Description"]),
            HasParameters = hasParameters,
            ParametersDescription = form["ParametersDescription"].ToString(),
            CreatedBy = caller.DisplayName,
        };
        StoredLibraryFile? stored = _runtime.State.PutLibraryFile(upload, overwrite);
        if (stored is null)
        {
            await ErrorResponses.WriteAsync(context, RequestError.BadRequest($"Library file {fileName} already exists: send OverrideIfExists=true to replace it.")).ConfigureAwait(false);
            return;
        }

        await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, ToModel(stored), ProtocolJson.Context.LibraryFile).ConfigureAwait(false);
    }

    private static LibraryFile ToModel(StoredLibraryFile entry) => new()
    {
        FileName = entry.File.FileName,
        Sha256 = entry.Sha256,
        Description = entry.File.Description,
        CreationTime = entry.CreationTime,
        LastUpdatedTime = entry.LastUpdatedTime,
        CreatedBy = entry.File.CreatedBy,
        HasParameters = entry.File.HasParameters,
        ParametersDescription = entry.File.HasParameters ? entry.File.ParametersDescription : null,
    };

    // The docs give OverrideIfExists an empty default: empty or absent reads as false.
    private static bool TryReadBool(IFormCollection form, string name, out bool value)
    {
        string text = form[name].ToString();
        value = false;
        return text.Length == 0 || bool.TryParse(text, out value);
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrEmpty(value) ? null : value.ToString();
}
