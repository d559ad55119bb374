using System.Net;
using Mde.Bindings.Emulator.Auth;
using static Mde.Bindings.Emulator.Tests.TestEmulator;

namespace Mde.Bindings.Emulator.Tests.Storage;

/// <summary>Download links: signed, 30 minutes by the emulator's clock, on another port, never with a bearer token.</summary>
public sealed class StorageLinkTests
{
    [Fact]
    public async Task A_link_points_to_the_storage_port_and_expires_30_minutes_after_it_is_issued()
    {
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.CompletedRunAsync();
        Uri link = await emulator.GetLinkAsync(id, 0);

        Assert.Equal(emulator.Host.StorageBaseAddress.Authority, link.Authority);
        Assert.NotEqual(emulator.Host.ApiBaseAddress.Authority, link.Authority);
        Assert.Equal(emulator.Time.GetUtcNow() + TimeSpan.FromMinutes(30), DownloadLinkParser.TryGetSignedExpiry(link));

        emulator.Time.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(emulator, link));
        emulator.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(emulator, link));

        // A new link to the same result, without running anything again.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(emulator, await emulator.GetLinkAsync(id, 0)));
    }

    [Theory]
    [InlineData("sig")]
    [InlineData("se")]
    [InlineData("path")]
    [InlineData("drop-sig")]
    public async Task A_tampered_link_answers_403(string what)
    {
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.CompletedRunAsync(RunScript("minidump.ps1", "x"), GetFile(@"C:\a"));
        string link = (await emulator.GetLinkAsync(id, 0)).AbsoluteUri;
        string tampered = what switch
        {
            "sig" => link.Replace("sig=", "sig=A", StringComparison.Ordinal),
            "se" => link.Replace("se=2026", "se=2027", StringComparison.Ordinal),
            "path" => link.Replace("CustomPlaybookCommandOutput/0", "CustomPlaybookCommandOutput/1", StringComparison.Ordinal),
            _ => link[..link.IndexOf("&sig=", StringComparison.Ordinal)],
        };

        Assert.NotEqual(link, tampered);
        using HttpResponseMessage response = await emulator.Anonymous.GetAsync(tampered);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("AuthenticationFailed", response.Headers.GetValues("x-ms-error-code").Single());
    }

    [Fact]
    public async Task A_valid_link_sent_with_an_Authorization_header_answers_403()
    {
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.CompletedRunAsync();
        Uri link = await emulator.GetLinkAsync(id, 0);

        using HttpRequestMessage request = WithBearer(new HttpRequestMessage(HttpMethod.Get, link), await emulator.TokenAsync(EmulatorApp.Demo));
        using HttpResponseMessage response = await emulator.Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("bearer token", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(emulator, link));
    }

    [Fact]
    public async Task Storage_serves_ranges_for_resumed_downloads()
    {
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.CompletedRunAsync(GetFile(@"C:\big.bin"));
        Uri link = await emulator.GetLinkAsync(id, 0);
        byte[] whole = await emulator.Anonymous.GetByteArrayAsync(link);

        using var request = new HttpRequestMessage(HttpMethod.Get, link);
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, null);
        using HttpResponseMessage response = await emulator.Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(whole[100..], await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task<HttpStatusCode> StatusAsync(TestEmulator emulator, Uri link)
    {
        using HttpResponseMessage response = await emulator.Anonymous.GetAsync(link);
        return response.StatusCode;
    }
}
