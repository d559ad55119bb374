using System.Net;
using System.Text.Json;
using Mde.Bindings.Emulator.Faults;
using Mde.Bindings.Emulator.Http;
using static Mde.Bindings.Emulator.Tests.TestEmulator;

namespace Mde.Bindings.Emulator.Tests.Faults;

/// <summary>Injected faults, per route: server errors, delays, cut-off bodies, resets, expired links.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task A_server_error_hits_its_route_the_given_number_of_times()
    {
        await using TestEmulator emulator = await StartAsync();
        emulator.Host.Faults.Add(new FaultRule { Route = "ListLibraryFiles", Kind = FaultKind.ServerError, StatusCode = 503, Count = 2 });

        (HttpResponseMessage response, JsonElement body) = await emulator.GetAsync("api/libraryfiles");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("ServiceUnavailable", ErrorCode(body));
        Assert.Equal(HttpStatusCode.OK, (await emulator.GetAsync("api/machineactions")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await emulator.GetAsync("api/libraryfiles")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await emulator.GetAsync("api/libraryfiles")).Response.StatusCode);
        Assert.Empty(emulator.Host.Faults.Rules);
    }

    [Fact]
    public async Task A_delay_holds_the_answer_until_the_emulator_clock_has_moved_on()
    {
        await using TestEmulator emulator = await StartAsync();
        emulator.Host.Faults.Add(new FaultRule { Route = "ListLibraryFiles", Kind = FaultKind.Delay, Delay = TimeSpan.FromMinutes(5) });
        Task<(HttpResponseMessage Response, JsonElement Body)> call = emulator.GetAsync("api/libraryfiles");

        TimeSpan advanced = TimeSpan.Zero;
        for (int i = 0; i < 200 && !call.IsCompleted; i++)
        {
            emulator.Time.Advance(TimeSpan.FromMinutes(1));
            advanced += TimeSpan.FromMinutes(1);
            await Task.WhenAny(call, Task.Delay(50));
        }

        Assert.Equal(HttpStatusCode.OK, (await call).Response.StatusCode);
        Assert.True(advanced >= TimeSpan.FromMinutes(5), $"answered after {advanced} of emulator time");
    }

    [Fact]
    public async Task A_cut_off_body_announces_its_length_and_ends_early()
    {
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.CompletedRunAsync(StorageFile());
        Uri link = await emulator.GetLinkAsync(id, 0);
        emulator.Host.Faults.Add(new FaultRule { Route = EmulatorRoutes.Storage, Kind = FaultKind.CutOffBody, CutOffAfterBytes = 100, Count = 1 });

        using HttpResponseMessage response = await emulator.Anonymous.GetAsync(link, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        long announced = response.Content.Headers.ContentLength!.Value;
        Assert.True(announced > 100);
        Exception? cutOff = await Record.ExceptionAsync(() => response.Content.ReadAsByteArrayAsync());
        Assert.True(cutOff is HttpRequestException or IOException, $"expected the body to end early, got {cutOff}");

        Assert.Equal(announced, (await emulator.Anonymous.GetByteArrayAsync(link)).Length);
    }

    [Fact]
    public async Task A_connection_reset_fails_the_request_without_an_answer()
    {
        await using TestEmulator emulator = await StartAsync();
        emulator.Host.Faults.Add(new FaultRule { Route = EmulatorRoutes.Any, Kind = FaultKind.ConnectionReset, Count = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.Anonymous.GetAsync("api/machineactions"));
        Assert.Equal(HttpStatusCode.OK, (await emulator.GetAsync("api/machineactions")).Response.StatusCode);
    }

    [Fact]
    public async Task Expired_link_faults_hand_out_a_dead_link_or_refuse_a_live_one()
    {
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.CompletedRunAsync();
        emulator.Host.Faults.Add(new FaultRule { Route = "GetLiveResponseResultDownloadLink", Kind = FaultKind.ExpiredLink, Count = 1 });

        Uri dead = await emulator.GetLinkAsync(id, 0);
        Assert.True(DownloadLinkParser.TryGetSignedExpiry(dead) < emulator.Time.GetUtcNow());
        Assert.Equal(HttpStatusCode.Forbidden, (await emulator.Anonymous.GetAsync(dead)).StatusCode);

        Uri live = await emulator.GetLinkAsync(id, 0);
        emulator.Host.Faults.Add(new FaultRule { Route = EmulatorRoutes.Storage, Kind = FaultKind.ExpiredLink, Count = 1 });
        using HttpResponseMessage refused = await emulator.Anonymous.GetAsync(live);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("expired", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await emulator.Anonymous.GetAsync(live)).StatusCode);
    }

    [Fact]
    public async Task A_probability_hits_some_requests_and_the_seed_makes_it_repeatable()
    {
        async Task<string> PatternAsync()
        {
            await using TestEmulator emulator = await StartAsync(o => o.FaultRandomSeed = 42);
            emulator.Host.Faults.Add(new FaultRule { Route = "ListLibraryFiles", Kind = FaultKind.ServerError, Probability = 0.5 });
            var pattern = new System.Text.StringBuilder();
            for (int i = 0; i < 40; i++)
            {
                pattern.Append((await emulator.GetAsync("api/libraryfiles")).Response.IsSuccessStatusCode ? '.' : 'X');
            }

            return pattern.ToString();
        }

        string first = await PatternAsync();
        Assert.Contains('X', first);
        Assert.Contains('.', first);
        Assert.Equal(first, await PatternAsync());
    }

    [Theory]
    [InlineData("NoSuchRoute", FaultKind.ServerError, 500, 0)]
    [InlineData("*", FaultKind.ServerError, 404, 0)]
    [InlineData("*", FaultKind.Delay, 500, 0)]
    [InlineData("*", FaultKind.CutOffBody, 500, -1)]
    public void Invalid_rules_are_refused_with_a_message_that_names_the_fix(string route, FaultKind kind, int status, int cutOff)
    {
        var faults = new EmulatorFaults(seed: 1);
        ArgumentException error = Assert.Throws<ArgumentException>(() => faults.Add(new FaultRule { Route = route, Kind = kind, StatusCode = status, CutOffAfterBytes = cutOff }));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    private static string StorageFile() => GetFile(@"C:\dump.bin");
}
