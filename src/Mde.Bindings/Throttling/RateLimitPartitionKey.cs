namespace Mde.Bindings.Throttling;

/// <summary>
/// Which quota a call spends: the server counts each operation's calls per tenant and per client app, so that is
/// how limiters are partitioned. Operations whose limits the documentation says are shared use one partition name.
/// </summary>
/// <param name="TenantId">The Entra ID tenant the calls are made in.</param>
/// <param name="ClientAppId">The client (application) ID that makes the calls.</param>
/// <param name="Endpoint">The operation name (<see cref="EndpointDescription.Name"/>), or the name of the partition it shares.</param>
internal sealed record RateLimitPartitionKey(string TenantId, string ClientAppId, string Endpoint)
{
    /// <summary>The key as <c>tenant/app/endpoint</c>, for logs and distributed stores.</summary>
    public override string ToString() => $"{TenantId}/{ClientAppId}/{Endpoint}";
}
