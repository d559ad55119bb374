using System.Text;
using System.Text.Json;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Library;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Cli.Tests.Crashes;

/// <summary>
/// The fleet the crash tests run a job on: 50 devices of an emulator whose clock runs <see cref="TimeScale"/> times
/// faster (shared with the in-process mde-lr, so both sides' rate-limit windows agree), a script whose transcript is
/// the same on every run, and a file collected after it — two results per device.
/// </summary>
internal static class FleetJob
{
    public const int DeviceCount = 50;

    /// <summary>
    /// 50 devices at 10 runs a minute take 4 minutes of the emulator's time: 16 s of real time. Not faster: the client's
    /// 30 s bound on one HTTP attempt runs on the shared clock too, and a loaded machine must answer within 2 real seconds.
    /// </summary>
    public const double TimeScale = 15;

    public const string Script = "collect.ps1";

    public const string CollectedFile = @"C:\evidence\collect.log";

    public static readonly string[] Devices = [.. Enumerable.Range(1, DeviceCount).Select(n => $"device-{n:D4}")];

    public static async Task<EmulatorHost> StartEmulatorAsync(TimeProvider time)
    {
        var options = new EmulatorOptions
        {
            TimeProvider = time,
            PendingDuration = TimeSpan.FromSeconds(5),
            CommandDuration = TimeSpan.FromSeconds(20),
            ConfigureLogging = logging => logging.ClearProviders(),
        };
        foreach (string device in Devices)
        {
            options.Devices.Add(new EmulatedDevice(device, device + ".emulator.local"));
        }

        options.LibraryFiles.Add(new EmulatedLibraryFile(Script, Encoding.UTF8.GetBytes("# emulator.output: collected {args}\n# emulator.exit-code: 0\nWrite-Output \"collected $args\"\n")));
        return await EmulatorHost.StartAsync(options);
    }

    /// <summary>The job's command line: the whole fleet, the script then the file, kept in <paramref name="journal"/>.</summary>
    public static string[] RunArguments(string machinesFile, string journal, string output) =>
        ["run", "--machines", machinesFile, "--script", Script, "--args", "evidence", "--get-file", CollectedFile, "--job", journal, "--output", output, "--json"];

    public static async Task<string> WriteMachinesFileAsync(string folder)
    {
        string path = Path.Combine(folder, "devices.txt");
        await File.WriteAllLinesAsync(path, Devices);
        return path;
    }

    /// <summary>A transcript of <c>--json</c> output without its machine action id (which differs from one emulator to the next).</summary>
    public static string WithoutActionId(JsonElement transcript) =>
        string.Join("|", transcript.EnumerateObject().Where(p => p.Name != "machine_action_id").Select(p => p.Name + "=" + p.Value.GetRawText()));

    /// <summary>Every file under the output folder, by its path relative to it, with its content.</summary>
    public static SortedDictionary<string, byte[]> Files(string output) =>
        new(Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(output, f), File.ReadAllBytes), StringComparer.Ordinal);
}
