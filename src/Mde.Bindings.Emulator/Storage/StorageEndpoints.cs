using Mde.Bindings.Emulator.Actions;
using Mde.Bindings.Emulator.Faults;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Http;

namespace Mde.Bindings.Emulator.Storage;

/// <summary>
/// The storage port: serves command results behind signed links only. A request that carries an Authorization
/// header is refused, which catches a client that sends its bearer token to storage.
/// </summary>
internal sealed class StorageEndpoints
{
    private readonly EmulatorRuntime _runtime;

    public StorageEndpoints(EmulatorRuntime runtime)
    {
        _runtime = runtime;
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        RequestDelegate download = context => _runtime.FaultInjector.InvokeAsync(context, EmulatorRoutes.Storage, DownloadAsync);
        routes.MapMethods("/" + LinkSigner.Container + "/{machineActionId}/CustomPlaybookCommandOutput/{commandIndex:int}", ["GET", "HEAD"], download)
            .WithDisplayName(EmulatorRoutes.Storage);
        routes.MapFallback(context => StorageErrors.WriteAsync(context, 404, "ResourceNotFound", "The specified resource does not exist."));
    }

    private async Task DownloadAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.Count > 0)
        {
            await StorageErrors.WriteAsync(context, 403, "AuthenticationFailed", "The request carries an Authorization header: this storage serves signed links only, and a bearer token must never be sent here.").ConfigureAwait(false);
            return;
        }

        bool forceExpired = context.Items.ContainsKey(FaultInjector.ExpiredLinkItem);
        if (!_runtime.Links.TryVerify(context.Request, forceExpired, out string failure))
        {
            await StorageErrors.WriteAsync(context, 403, "AuthenticationFailed", failure).ConfigureAwait(false);
            return;
        }

        string actionId = OperationRoutes.RouteValue(context, "machineActionId");
        int index = int.Parse(OperationRoutes.RouteValue(context, "commandIndex"), System.Globalization.CultureInfo.InvariantCulture);
        LiveResponseAction? action = _runtime.State.FindAction(actionId);
        if (action is null || index < 0 || index >= action.Commands.Count
            || ResultLinkEndpoint.Unavailable(action, action.Evaluate(_runtime.TimeProvider.GetUtcNow()), index) is not null)
        {
            await StorageErrors.WriteAsync(context, 404, "BlobNotFound", "The specified blob does not exist.").ConfigureAwait(false);
            return;
        }

        (byte[] content, string contentType) = action.Commands[index].Result switch
        {
            StoredTranscript transcript => (TranscriptWriter.Write(transcript, _runtime.Options.TranscriptStyle), "application/json"),
            StoredCollectedFile file => (GzipResult.Compress(file.Content), "application/octet-stream"),
            _ => throw new InvalidOperationException("A completed command without a result has no link."),
        };
        context.Response.Headers["x-ms-blob-type"] = "BlockBlob";
        await Results.Bytes(content, contentType, enableRangeProcessing: true).ExecuteAsync(context).ConfigureAwait(false);
    }
}
