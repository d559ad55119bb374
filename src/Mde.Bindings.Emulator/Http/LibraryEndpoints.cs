using System.Text.Json;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Library;
using Mde.Bindings.Emulator.Protocol;
using Mde.Bindings.Emulator.State;

namespace Mde.Bindings.Emulator.Http;

/// <summary>ListLibraryFiles, DeleteLibraryFile and UploadLibraryFile (the spec's multipart upload).</summary>
internal sealed class LibraryEndpoints
{
    private readonly EmulatorRuntime _runtime;

    public LibraryEndpoints(EmulatorRuntime runtime)
    {
        _runtime = runtime;
    }

    public void Map(IEndpointRouteBuilder routes, ApiGuard guard)
    {
        routes.MapOperation(guard, LiveResponseApiDescription.ListLibraryFiles, ListAsync);
        routes.MapOperation(guard, LiveResponseApiDescription.DeleteLibraryFile, DeleteAsync);
        // The upload is outside the spec (multipart): its route, permission and limits are the client's description of it.
        routes.MapOperation(guard, LiveResponse.LiveResponseClient.UploadLibraryFile, UploadAsync);
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
        IFormFile? file = form.Files.GetFile(global::Mde.Bindings.Protocol.LibraryUploadForm.JsonNames.File);
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
            : file.Length > LiveResponse.LiveResponseClient.MaxLibraryFileBytes
                ? RequestError.InvalidRequestBody($"The file has {file.Length} bytes; the library takes files up to 20MB.")
                : !TryReadBool(form, global::Mde.Bindings.Protocol.LibraryUploadForm.JsonNames.OverrideIfExists, out overwrite) || !TryReadBool(form, global::Mde.Bindings.Protocol.LibraryUploadForm.JsonNames.HasParameters, out hasParameters)
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
            Description = NullIfEmpty(form[global::Mde.Bindings.Protocol.LibraryUploadForm.JsonNames.Description]),
            HasParameters = hasParameters,
            ParametersDescription = form[global::Mde.Bindings.Protocol.LibraryUploadForm.JsonNames.ParametersDescription].ToString(),
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
