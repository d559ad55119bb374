using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Scripts;
using Mde.Bindings.Emulator.Time;

namespace Mde.Bindings.Emulator.Standalone;

/// <summary>
/// The standalone emulator's command line: parses the options, starts the emulator, prints its addresses and
/// <c>Ready</c>, and waits to be stopped. A mistake (a bad option, a busy port) is one line on stderr and exit code 2.
/// </summary>
internal static partial class StandaloneCommandLine
{
    /// <summary>The exit code of a wrong command line or a port that cannot be used (as <c>mde-lr</c>'s usage errors).</summary>
    public const int UsageExitCode = 2;

    /// <summary>The most extra devices <c>--devices</c> adds: their ids have four digits.</summary>
    public const int MaxDevices = 9999;

    /// <summary>The fastest <c>--time-scale</c>: beyond it the emulated clock outruns anything a client can observe.</summary>
    public const double MaxTimeScale = 3600;

    private const string Prefix = "mde-lr emulator: ";

    /// <summary>The id of extra device number <paramref name="number"/> (1-based): <c>device-0001</c>.</summary>
    public static string DeviceId(int number) => "device-" + number.ToString("D4", CultureInfo.InvariantCulture);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<Task> waitForStop)
    {
        var port = new Option<int>("--port") { Description = "The API port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 0 };
        var storagePort = new Option<int>("--storage-port") { Description = "The storage port download links point to (0 picks a free one).", DefaultValueFactory = _ => 0 };
        var devices = new Option<int>("--devices") { Description = $"Adds device-0001 … device-N (N up to {MaxDevices}) beside demo-device, each able to run the library's scripts." };
        var timeScale = new Option<double>("--time-scale") { Description = "Runs the emulator's clock, and so its action progress, token and link expiry and rate-limit windows, x times faster.", DefaultValueFactory = _ => 1 };
        var transcriptStyle = new Option<string>("--transcript-style") { Description = "The spelling of RunScript transcripts: documented (default) or seed." };
        transcriptStyle.AcceptOnlyFromAmong("documented", "seed");
        var noRateLimits = new Option<bool>("--no-rate-limits") { Description = "Do not answer the spec's rate limits with 429." };
        var apps = new Option<string[]>("--app")
        {
            Description = "Registers an app beside the demo app: <client-id>:<secret>:<roles>, roles comma-separated and possibly none (such as reader:s3cret:Machine.Read.All). Repeat for more apps.",
            AllowMultipleArgumentsPerToken = false,
        };
        apps.Validators.Add(result =>
        {
            foreach (string value in result.Tokens.Select(t => t.Value))
            {
                if (StandaloneApp.Problem(value) is { } problem)
                {
                    result.AddError(problem);
                }
            }
        });
        InRange(port, value => value is >= 0 and <= 65535, value => $"takes a port number from 0 to 65535, not {value}.");
        InRange(storagePort, value => value is >= 0 and <= 65535, value => $"takes a port number from 0 to 65535, not {value}.");
        InRange(devices, value => value is >= 0 and <= MaxDevices, value => $"takes a number from 0 to {MaxDevices}, not {value}.");
        InRange(timeScale, value => double.IsFinite(value) && value > 0 && value <= MaxTimeScale, value => $"takes a number above 0 and up to {MaxTimeScale} (2 runs twice as fast), not {value.ToString(CultureInfo.InvariantCulture)}.");
        var unsignedScriptsOff = new Option<bool>("--no-unsigned-scripts") { Description = "Refuse PowerShell scripts without a signature block, as a tenant with unsigned script execution turned off does." };
        var root = new RootCommand("Loopback emulator of the Defender for Endpoint live response API. Stop it with Ctrl-C.")
        {
            port, storagePort, devices, timeScale, transcriptStyle, noRateLimits, apps, unsignedScriptsOff,
        };
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line, whatever the number of mistakes: scripts read the first line of stderr.
            error.WriteLine(Prefix + OneLine(string.Join(" ", parsed.Errors.Select(e => e.Message))) + " Run with --help for the options.");
            return UsageExitCode;
        }

        if (parsed.Action is not null)
        {
            // --help or --version: the root command itself has no action.
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).ConfigureAwait(false);
        }

        double scale = parsed.GetValue(timeScale);
        var options = new EmulatorOptions
        {
            ApiPort = parsed.GetValue(port),
            StoragePort = parsed.GetValue(storagePort),
            EnforceRateLimits = !parsed.GetValue(noRateLimits),
            TranscriptStyle = parsed.GetValue(transcriptStyle) == "seed" ? TranscriptStyle.Seed : TranscriptStyle.Documented,
            AllowUnsignedScripts = !parsed.GetValue(unsignedScriptsOff),
        };
        foreach (string app in parsed.GetValue(apps) ?? [])
        {
            options.Apps.Add(StandaloneApp.Parse(app));
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            error.WriteLine(Prefix + OneLine(e.Message) + " Run with --help for the options.");
            return UsageExitCode;
        }
        if (scale != 1)
        {
            options.TimeProvider = new ScaledTimeProvider(TimeProvider.System, scale);
            options.RetryAfterInRealTime = true;

            // A token stays good for an hour of the user's time, however fast the emulated clock runs.
            options.TokenLifetime = TimeSpan.FromHours(scale);
        }

        int deviceCount = parsed.GetValue(devices);
        for (int number = 1; number <= deviceCount; number++)
        {
            options.Devices.Add(new EmulatedDevice(DeviceId(number), DeviceId(number) + ".emulator.local"));
        }

        EmulatorHost emulator;
        try
        {
            emulator = await EmulatorHost.StartAsync(options).ConfigureAwait(false);
        }
        catch (IOException e) when (BusyPort(e, options) is { } busy)
        {
            error.WriteLine($"{Prefix}port {busy} is in use; pick another with {(busy == options.StoragePort && busy != options.ApiPort ? "--storage-port" : "--port")} (or 0 for a free one).");
            return UsageExitCode;
        }
        catch (IOException e)
        {
            error.WriteLine($"{Prefix}cannot listen on 127.0.0.1 ({FirstLine(e.Message)}); pick other ports with --port and --storage-port.");
            return UsageExitCode;
        }

        await using (emulator.ConfigureAwait(false))
        {
            output.WriteLine($"API:           {emulator.ApiBaseAddress}");
            output.WriteLine($"Storage:       {emulator.StorageBaseAddress}");
            output.WriteLine($"Token:         {emulator.TokenEndpoint}");
            output.WriteLine($"Scope:         {EmulatorHost.Audience}/.default");
            output.WriteLine($"Client id:     {EmulatorApp.Demo.ClientId}");
            output.WriteLine($"Client secret: {EmulatorApp.Demo.ClientSecret}");
            output.WriteLine($"Demo:          device {EmulatorOptions.DemoDeviceId}, script {EmulatorOptions.DemoScriptName}");
            foreach (EmulatorApp app in options.Apps)
            {
                // The secret is the caller's own: never echoed.
                output.WriteLine($"App:           {app.ClientId}, roles {(app.Roles.Count == 0 ? "(none)" : string.Join(", ", app.Roles))}");
            }
            if (deviceCount > 0)
            {
                output.WriteLine($"Devices:       {EmulatorOptions.DemoDeviceId}, {DeviceId(1)} … {DeviceId(deviceCount)}");
            }

            if (scale != 1)
            {
                output.WriteLine($"Time scale:    {scale.ToString(CultureInfo.InvariantCulture)}x");
            }

            output.WriteLine($"Use it:        MDE_EMULATOR_URL={emulator.ApiBaseAddress}");
            output.WriteLine("Ready. Press Ctrl-C to stop.");
            output.Flush();
            await waitForStop().ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>A value out of range is a parse error, as in <c>mde-lr</c>; a value the parser could not convert is one already.</summary>
    private static void InRange<T>(Option<T> option, Func<T, bool> inRange, Func<T, string> rule) =>
        option.Validators.Add(result =>
        {
            if (result.Implicit)
            {
                return;
            }

            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                // Validators run before a value that cannot be converted is reported; it is a parse error of its own.
                return;
            }

            if (!inRange(value))
            {
                result.AddError($"{option.Name} {rule(value)}");
            }
        });

    /// <summary>The text with every run of whitespace (System.CommandLine lists choices on lines of their own) made one space.</summary>
    private static string OneLine(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>The requested port the error says is taken, or null when the error is about something else.</summary>
    private static int? BusyPort(IOException error, EmulatorOptions options)
    {
        string message = error.ToString();
        if (!message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        Match bound = BoundPort().Match(message);
        if (bound.Success && int.TryParse(bound.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int port))
        {
            return port;
        }

        return options.ApiPort != 0 ? options.ApiPort : options.StoragePort;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"127\.0\.0\.1:(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex BoundPort();
}
