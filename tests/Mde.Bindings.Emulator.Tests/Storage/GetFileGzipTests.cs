using System.Net.Http.Headers;
using Mde.Bindings.Auth;
using Mde.Bindings.DependencyInjection;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Faults;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Http;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.LiveResponse;
using Microsoft.Extensions.DependencyInjection;
using static Mde.Bindings.Emulator.Tests.TestEmulator;

namespace Mde.Bindings.Emulator.Tests.Storage;

/// <summary>
/// GetFile results are gzip on the service, with no header saying so. Sources: demisto/content
/// Packs/MicrosoftDefenderAdvancedThreatProtection/Integrations/MicrosoftDefenderAdvancedThreatProtection/MicrosoftDefenderAdvancedThreatProtection.py
/// (get_file_get_successfull_action_results: "comes back as compressed gz file", saved as "Response Result.gz") and
/// msdirtbag/MDEAutomator README.md (an Invoke-GetFile result downloaded to test.msi.gz; "file gzips collected from
/// MDE endpoints"). The emulator serves them so, and the workflow saves the collected file's own bytes.
/// </summary>
public sealed class GetFileGzipTests : IDisposable
{
    private const string DeviceId = "gz-device";
    private const string DevicePath = @"C:\Windows\Temp\OfficeClickToRun.dmp.zip";
    private static readonly byte[] s_evidence = [.. Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7 % 251))];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mde-gzip-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_storage_serves_a_GetFile_result_as_gzip_without_a_Content_Encoding_header()
    {
        await using TestEmulator emulator = await StartAsync(o => o.Devices.Add(Device()));
        string id = await emulator.RunAsync(RunBody(GetFile(DevicePath), GetFile(@"C:\generated.log")), DeviceId);
        emulator.Time.Advance(Pending + (2 * CommandTime));

        using var request = new HttpRequestMessage(HttpMethod.Get, await emulator.GetLinkAsync(id, 0));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using HttpResponseMessage response = await emulator.Anonymous.SendAsync(request);
        byte[] served = await response.Content.ReadAsByteArrayAsync();

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(s_evidence, Gunzip(served));
        Assert.StartsWith(@"Emulated file C:\generated.log collected from gz-device.", System.Text.Encoding.UTF8.GetString(Gunzip(await emulator.Anonymous.GetByteArrayAsync(await emulator.GetLinkAsync(id, 1)))));
    }

    [Fact]
    public async Task The_workflow_saves_the_collected_files_own_bytes_under_its_own_name_by_default()
    {
        await using EmulatorHost emulator = await EmulatorHost.StartAsync(Options());
        await using ServiceProvider provider = Services(emulator);

        LiveResponseResult result = await Run(provider, new LiveResponseRunOptions { OutputDirectory = _folder, PollInterval = TimeSpan.FromMilliseconds(20) });

        CommandResult file = Assert.Single(result.Commands);
        Assert.Equal(Path.Combine(_folder, "00-OfficeClickToRun.dmp.zip"), file.FilePath);
        Assert.Equal(s_evidence, File.ReadAllBytes(file.FilePath!));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task KeepGzip_saves_the_gzip_as_served_under_the_name_with_gz()
    {
        await using EmulatorHost emulator = await EmulatorHost.StartAsync(Options());
        await using ServiceProvider provider = Services(emulator);

        LiveResponseResult result = await Run(provider, new LiveResponseRunOptions { OutputDirectory = _folder, KeepGzip = true, PollInterval = TimeSpan.FromMilliseconds(20) });

        CommandResult file = Assert.Single(result.Commands);
        Assert.Equal(Path.Combine(_folder, "00-OfficeClickToRun.dmp.zip.gz"), file.FilePath);
        Assert.Equal(s_evidence, Gunzip(File.ReadAllBytes(file.FilePath!)));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_gzip_cut_short_is_not_collected_names_the_command_and_leaves_no_file()
    {
        await using EmulatorHost emulator = await EmulatorHost.StartAsync(Options());
        emulator.Faults.Add(new FaultRule { Route = EmulatorRoutes.Storage, Kind = FaultKind.TruncatedContent, CutOffAfterBytes = 100, Count = 1 });
        await using ServiceProvider provider = Services(emulator);

        // A file of the same name from an earlier run must survive the failed download untouched.
        Directory.CreateDirectory(_folder);
        string earlier = Path.Combine(_folder, "00-OfficeClickToRun.dmp.zip");
        File.WriteAllBytes(earlier, [1, 2, 3]);

        LiveResponseResult result = await Run(provider, new LiveResponseRunOptions { OutputDirectory = _folder, PollInterval = TimeSpan.FromMilliseconds(20) });

        CommandResult file = Assert.Single(result.Commands);
        Assert.Equal(CommandResultStatus.NotCollected, file.ResultStatus);
        Assert.Null(file.FilePath);
        Assert.Contains("GetFile result of command #0", file.ResultError, StringComparison.Ordinal);
        Assert.Contains(DevicePath, file.ResultError, StringComparison.Ordinal);
        Assert.Contains(result.MachineActionId, file.ResultError, StringComparison.Ordinal);
        Assert.Contains("gzip", file.ResultError, StringComparison.Ordinal);
        Assert.Equal([earlier], Directory.GetFiles(_folder));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(earlier));
    }

    private static EmulatedDevice Device() => new(DeviceId, "gz-host")
    {
        Files = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase) { [DevicePath] = s_evidence },
    };

    private static EmulatorOptions Options()
    {
        var options = new EmulatorOptions { PendingDuration = TimeSpan.Zero, CommandDuration = TimeSpan.Zero };
        options.Devices.Add(Device());
        return options;
    }

    private static ServiceProvider Services(EmulatorHost emulator)
    {
        var environment = new Dictionary<string, string> { [MdeEnvironmentVariables.EmulatorUrl] = emulator.ApiBaseAddress.ToString() };
        var services = new ServiceCollection();
        services.AddLiveResponseClient();
        services.Configure<MdeApiOptions>(MdeApiRegistration.ClientName("LiveResponse"), options => options.GetEnvironmentVariable = name => environment.GetValueOrDefault(name));
        return services.BuildServiceProvider();
    }

    private static Task<LiveResponseResult> Run(ServiceProvider provider, LiveResponseRunOptions options) =>
        provider.GetRequiredService<LiveResponseClient>().RunAsync(DeviceId, [LiveResponseCommandRequest.GetFile(DevicePath)], options);
}
