using Mde.Bindings.Auth;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace Mde.Bindings.Tests.Auth;

/// <summary>
/// <see cref="MdeAuthOptions.ConfigureTokenCache"/>: the hook that persists MSAL's token cache, run with real MSAL
/// against the fake identity provider. The cache calls (SetBeforeAccess/SetAfterAccess, SerializeMsalV3) are MSAL's
/// documented token cache serialization API.
/// </summary>
public sealed class TokenCacheTests : IDisposable
{
    private readonly FakeIdentityProvider _identity = new();

    public void Dispose() => _identity.Dispose();

    [Fact]
    public void The_callback_gets_the_app_token_cache_of_the_source_once()
    {
        var caches = new List<ITokenCache>();
        MdeAuthOptions options = TestTenant.SecretOptions();
        options.ConfigureTokenCache = caches.Add;

        var source = Assert.IsType<MsalConfidentialClientTokenSource>(options.CreateTokenSource(_identity));

        ITokenCache cache = Assert.Single(caches);
        Assert.Same(source.Application.AppTokenCache, cache);
    }

    [Fact]
    public async Task A_cache_persisted_by_the_callback_serves_the_next_process_without_asking_the_identity_provider()
    {
        byte[]? stored = null;
        void Persist(ITokenCache cache)
        {
            cache.SetBeforeAccess(args => args.TokenCache.DeserializeMsalV3(stored));
            cache.SetAfterAccess(args =>
            {
                if (args.HasStateChanged)
                {
                    stored = args.TokenCache.SerializeMsalV3();
                }
            });
        }

        MdeAuthOptions first = TestTenant.SecretOptions();
        first.ConfigureTokenCache = Persist;
        MdeAccessToken issued = await first.CreateTokenSource(_identity).GetTokenAsync(MdeCloud.Commercial.Audience, forceRefresh: false, CancellationToken.None);
        Assert.Single(_identity.TokenRequests);
        Assert.NotNull(stored);

        // A new token source (a new MSAL application, as in a new process) over the stored bytes.
        MdeAuthOptions second = TestTenant.SecretOptions();
        second.ConfigureTokenCache = Persist;
        MdeAccessToken cached = await second.CreateTokenSource(_identity).GetTokenAsync(MdeCloud.Commercial.Audience, forceRefresh: false, CancellationToken.None);

        Assert.Equal(issued.Value, cached.Value);
        Assert.Single(_identity.TokenRequests);

        // Without the hook, a new source asks again: the cache lives in memory only.
        await TestTenant.SecretOptions().CreateTokenSource(_identity).GetTokenAsync(MdeCloud.Commercial.Audience, forceRefresh: false, CancellationToken.None);
        Assert.Equal(2, _identity.TokenRequests.Count);
    }

    [Fact]
    public void The_callback_is_not_called_for_a_managed_identity_or_the_emulator()
    {
        int calls = 0;
        var managed = new MdeAuthOptions { ManagedIdentity = ManagedIdentityId.SystemAssigned, ConfigureTokenCache = _ => calls++ };
        var emulator = new MdeAuthOptions { EmulatorUrl = new Uri("http://127.0.0.1:5080/"), ConfigureTokenCache = _ => calls++ };

        Assert.IsType<MsalManagedIdentityTokenSource>(managed.CreateTokenSource(_identity));
        Assert.IsType<EmulatorTokenSource>(emulator.CreateTokenSource());
        Assert.Equal(0, calls);
    }
}
