using System.Net;
using System.Text.Json;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Protocol;
using Mde.Bindings.Emulator.RateLimiting;
using static Mde.Bindings.Emulator.Tests.TestEmulator;

namespace Mde.Bindings.Emulator.Tests.RateLimiting;

/// <summary>The spec's limits, enforced per app and endpoint on rolling windows, answered with 429 and Retry-After.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task The_101st_result_link_call_in_a_minute_answers_429_with_Retry_After_and_the_documented_body()
    {
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.CompletedRunAsync();
        string path = $"api/machineactions/{id}/GetLiveResponseResultDownloadLink(index=0)";
        emulator.Time.Advance(TimeSpan.FromSeconds(10));
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await emulator.GetAsync(path)).Response.StatusCode);
            if (i == 49)
            {
                emulator.Time.Advance(TimeSpan.FromSeconds(20));
            }
        }

        (HttpResponseMessage response, JsonElement body) = await emulator.GetAsync(path);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("TooManyRequests", ErrorCode(body));
        // The first 50 calls leave the window 60 s after they were made, 40 s from now.
        Assert.Equal(TimeSpan.FromSeconds(40), response.Headers.RetryAfter!.Delta);

        emulator.Time.Advance(TimeSpan.FromSeconds(39));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await emulator.GetAsync(path)).Response.StatusCode);
        emulator.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await emulator.GetAsync(path)).Response.StatusCode);
    }

    [Fact]
    public async Task The_11th_run_in_a_minute_answers_429_and_other_apps_have_their_own_quota()
    {
        var other = new EmulatorApp("other-app", "other-secret", EmulatorApp.AllRoles);
        await using TestEmulator emulator = await StartAsync(o =>
        {
            o.Apps.Add(other);
            for (int i = 0; i < 12; i++)
            {
                o.Devices.Add(new EmulatedDevice($"d{i}", $"host{i}"));
            }
        });
        string body = RunBody(RunScript("minidump.ps1", "x"));
        for (int i = 0; i < 10; i++)
        {
            await emulator.RunAsync(body, $"d{i}");
        }

        (HttpResponseMessage response, JsonElement error) = await emulator.PostAsync("api/machines/d10/runliveresponse", body);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("TooManyRequests", ErrorCode(error));
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.RetryAfter!.Delta);

        using HttpClient otherClient = emulator.Host.CreateApiClient(other);
        (response, _) = await emulator.SendAsync(otherClient, HttpMethod.Post, "api/machines/d10/runliveresponse", JsonBody(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Limits_can_be_switched_off()
    {
        await using TestEmulator emulator = await StartAsync(o => o.EnforceRateLimits = false);
        for (int i = 0; i < 101; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await emulator.GetAsync("api/libraryfiles")).Response.StatusCode);
        }
    }

    [Fact]
    public async Task Too_many_concurrent_sessions_answer_429()
    {
        await using TestEmulator emulator = await StartAsync(o =>
        {
            o.MaxConcurrentSessions = 1;
            o.Devices.Add(new EmulatedDevice("second", "second"));
        });
        string body = RunBody(RunScript("minidump.ps1", "x"));
        await emulator.RunAsync(body);

        (HttpResponseMessage response, JsonElement error) = await emulator.PostAsync("api/machines/second/runliveresponse", body);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("TooManyRequests", ErrorCode(error));
        Assert.Equal(Pending + CommandTime, response.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public void The_hour_window_holds_after_every_minute_window_has_room()
    {
        var log = new RollingWindowLog(LiveResponseApiDescription.GetLiveResponseResultDownloadLink.Limits);
        DateTimeOffset now = Start;
        for (int minute = 0; minute < 15; minute++)
        {
            for (int call = 0; call < 100; call++)
            {
                Assert.True(log.TryAdmit(now, out _), $"call {call} of minute {minute}");
            }

            // The longer of the two waits: a minute, until the 1500th call fills the hour.
            Assert.False(log.TryAdmit(now, out TimeSpan wait));
            Assert.Equal(minute < 14 ? TimeSpan.FromMinutes(1) : TimeSpan.FromMinutes(46), wait);
            now += TimeSpan.FromMinutes(1);
        }

        // 1500 calls in the last hour: the minute window has room, the hour window does not until the first minute's calls leave.
        Assert.False(log.TryAdmit(now, out TimeSpan hourWait));
        Assert.Equal(TimeSpan.FromMinutes(45), hourWait);
        Assert.True(log.TryAdmit(Start + TimeSpan.FromHours(1), out _));
    }
}
