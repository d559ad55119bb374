using System.Text.Json;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Http;
using Mde.Bindings.Emulator.Protocol;
using Mde.Bindings.Emulator.State;

namespace Mde.Bindings.Emulator.Admin;

/// <summary>
/// <c>/_emulator/...</c>: seeds and reads the emulator's state and sets faults from another process (the standalone
/// mode). No token is needed: the emulator listens on loopback only.
/// </summary>
internal sealed class AdminEndpoints
{
    public const string Prefix = "/_emulator";

    private readonly EmulatorRuntime _runtime;
    private readonly Func<AdminInfo> _info;

    public AdminEndpoints(EmulatorRuntime runtime, Func<AdminInfo> info)
    {
        _runtime = runtime;
        _info = info;
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Prefix, context => JsonResponses.WriteAsync(context, 200, _info(), AdminJsonContext.Default.AdminInfo));
        routes.MapGet(Prefix + "/devices", context =>
            JsonResponses.WriteAsync(context, 200, _runtime.State.Devices.Select(AdminDevice.From).ToList(), AdminJsonContext.Default.ListAdminDevice));
        routes.MapPost(Prefix + "/devices", context => ReadThenAsync(context, AdminJsonContext.Default.AdminDevice, device =>
        {
            _runtime.State.AddDevice(device.ToDevice());
            context.Response.StatusCode = StatusCodes.Status201Created;
            return Task.CompletedTask;
        }));
        routes.MapPost(Prefix + "/library", context => ReadThenAsync(context, AdminJsonContext.Default.AdminLibraryFile, file =>
        {
            _runtime.State.AddLibraryFile(file.ToLibraryFile());
            context.Response.StatusCode = StatusCodes.Status201Created;
            return Task.CompletedTask;
        }));
        routes.MapDelete(Prefix + "/library/{fileName}", context =>
            Status(context, _runtime.State.RemoveLibraryFile(OperationRoutes.RouteValue(context, "fileName"))));
        routes.MapGet(Prefix + "/actions", ListActionsAsync);
        routes.MapGet(Prefix + "/faults", context =>
            JsonResponses.WriteAsync(context, 200, _runtime.Faults.Rules.ToList(), AdminJsonContext.Default.ListActiveFault));
        routes.MapPost(Prefix + "/faults", context => ReadThenAsync(context, AdminJsonContext.Default.AdminFaultRule, rule =>
            JsonResponses.WriteAsync(context, 201, new AdminFaultAdded(_runtime.Faults.Add(rule.ToRule())), AdminJsonContext.Default.AdminFaultAdded)));
        routes.MapDelete(Prefix + "/faults", context =>
        {
            _runtime.Faults.Clear();
            return Status(context, true);
        });
        routes.MapDelete(Prefix + "/faults/{id}", context => Status(context, _runtime.Faults.Remove(OperationRoutes.RouteValue(context, "id"))));
    }

    private Task ListActionsAsync(HttpContext context)
    {
        DateTimeOffset now = _runtime.TimeProvider.GetUtcNow();
        MachineAction[] actions = [.. _runtime.State.SnapshotActions().Select(a => MachineActionMapper.ToModel(a, a.Evaluate(now), null))];
        return JsonResponses.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("value");
            JsonSerializer.Serialize(writer, actions, ProtocolJson.Context.MachineActionList);
            writer.WriteEndObject();
        });
    }

    private static async Task ReadThenAsync<T>(HttpContext context, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, Func<T, Task> use)
        where T : class
    {
        (T? value, RequestError? error) = await RequestBodies.ReadAsync(context, typeInfo).ConfigureAwait(false);
        if (value is null)
        {
            await ErrorResponses.WriteAsync(context, error!).ConfigureAwait(false);
            return;
        }

        try
        {
            await use(value).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            await ErrorResponses.WriteAsync(context, RequestError.InvalidRequestBody(e.Message)).ConfigureAwait(false);
        }
    }

    private static Task Status(HttpContext context, bool found)
    {
        if (found)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        return ErrorResponses.WriteAsync(context, RequestError.NotFound("Nothing has that name."));
    }
}
