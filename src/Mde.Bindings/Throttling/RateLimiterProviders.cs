using Mde.Bindings.Auth;

namespace Mde.Bindings.Throttling;

/// <summary>
/// The one rule that turns credentials into rate limiters: the partitions belong to the credentials' tenant and
/// client app (<see cref="ExactRateLimiterProvider.DefaultPartitionOwner"/> for what they leave out, or without
/// credentials), and every window runs on the given clock. <see cref="LiveResponse.LiveResponseClient"/>, the service
/// registration and mde-lr build their providers here, so one app spends one quota whichever way it calls.
/// </summary>
internal static class RateLimiterProviders
{
    public static ExactRateLimiterProvider ForCredentials(MdeAuthOptions? credentials, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new ExactRateLimiterProvider(
            credentials?.TenantId ?? ExactRateLimiterProvider.DefaultPartitionOwner,
            credentials?.ClientId ?? ExactRateLimiterProvider.DefaultPartitionOwner,
            new ExactRateLimiterProviderOptions { TimeProvider = timeProvider });
    }
}
