using Mde.Bindings.Auth;

namespace Mde.Bindings.Http;

/// <summary>Stands where the bearer token handler would when no credentials are configured: every call fails before it is sent.</summary>
internal sealed class CredentialsRequiredHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromException<HttpResponseMessage>(new MdeAuthConfigurationException(MdeAuthConfigurationException.NoCredentialsMessage));

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new MdeAuthConfigurationException(MdeAuthConfigurationException.NoCredentialsMessage);
}
