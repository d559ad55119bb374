using Mde.Bindings.Emulator.Http;

namespace Mde.Bindings.Emulator.Faults;

/// <summary>Runs a route's handler through the faults drawn for the request.</summary>
internal sealed class FaultInjector
{
    /// <summary>The <see cref="HttpContext.Items"/> key that tells a handler to treat links as expired.</summary>
    public const string ExpiredLinkItem = "mde-emulator:expired-link";

    private readonly EmulatorFaults _faults;
    private readonly TimeProvider _timeProvider;

    public FaultInjector(EmulatorFaults faults, TimeProvider timeProvider)
    {
        _faults = faults;
        _timeProvider = timeProvider;
    }

    public async Task InvokeAsync(HttpContext context, string route, RequestDelegate next)
    {
        IReadOnlyList<FaultRule> hits = _faults.Draw(route);
        foreach (FaultRule delay in hits.Where(r => r.Kind == FaultKind.Delay))
        {
            await Task.Delay(delay.Delay, _timeProvider, context.RequestAborted).ConfigureAwait(false);
        }

        FaultRule? terminal = hits.FirstOrDefault(r => r.Kind is FaultKind.ServerError or FaultKind.ConnectionReset or FaultKind.CutOffBody or FaultKind.TruncatedContent);
        if (hits.Any(r => r.Kind == FaultKind.ExpiredLink))
        {
            context.Items[ExpiredLinkItem] = true;
        }

        switch (terminal?.Kind)
        {
            case FaultKind.ConnectionReset:
                context.Abort();
                return;
            case FaultKind.ServerError:
                await ErrorResponses.WriteAsync(context, terminal.StatusCode, terminal.StatusCode == 500 ? "InternalServerError" : "ServiceUnavailable", "Injected fault: the server failed. Retry the request.").ConfigureAwait(false);
                return;
            case FaultKind.CutOffBody:
                await CutOffAsync(context, terminal.CutOffAfterBytes, next, announceWhole: true).ConfigureAwait(false);
                return;
            case FaultKind.TruncatedContent:
                await CutOffAsync(context, terminal.CutOffAfterBytes, next, announceWhole: false).ConfigureAwait(false);
                return;
            default:
                await next(context).ConfigureAwait(false);
                return;
        }
    }

    // Sends only the body's start: announcing the whole body's length (then the connection drops), or the length sent
    // (a complete answer whose content is cut short).
    private static async Task CutOffAsync(HttpContext context, int keep, RequestDelegate next, bool announceWhole)
    {
        Stream original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = original;
        }

        // Ending the request short of the announced length makes the server close the connection once the bytes
        // written so far are sent; aborting instead could drop them unsent.
        byte[] body = buffer.ToArray();
        context.Response.ContentLength = announceWhole ? body.Length : Math.Min(keep, body.Length);
        if (announceWhole)
        {
            context.Response.Headers.Connection = "close";
        }

        await original.WriteAsync(body.AsMemory(0, Math.Min(keep, body.Length)), context.RequestAborted).ConfigureAwait(false);
        await original.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
