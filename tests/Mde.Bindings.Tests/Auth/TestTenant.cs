using Mde.Bindings.Auth;

namespace Mde.Bindings.Tests.Auth;

/// <summary>An app registration with made-up ids.</summary>
internal static class TestTenant
{
    public const string TenantId = "8d3c1a52-5a7e-4c5b-9f0e-2a4b6c8d0e1f";
    public const string ClientId = "0b7f2e64-91d3-4a8c-b5e2-7c9d1f3a5b60";
    public const string Secret = "s3cr3t~Value.That-Must_Never_Leak";

    public static MdeAuthOptions SecretOptions(MdeCloud? cloud = null) => new()
    {
        Cloud = cloud ?? MdeCloud.Commercial,
        TenantId = TenantId,
        ClientId = ClientId,
        ClientSecret = Secret,
    };
}
