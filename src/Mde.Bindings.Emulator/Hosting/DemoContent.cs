using System.Text;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Library;

namespace Mde.Bindings.Emulator.Hosting;

/// <summary>The demo device and script every emulator starts with unless told otherwise.</summary>
internal static class DemoContent
{
    public static EmulatedDevice Device { get; } = new(EmulatorOptions.DemoDeviceId, "demo-device.emulator.local");

    // Running it prints what the docs' transcript example shows, for the process named in Args.
    private const string ScriptText =
        """
        # Demo script of the Mde.Bindings emulator: dumps the memory of the process named in Args and zips it.
        # emulator.output: Transcript started, output file is C:\ProgramData\Microsoft\Windows Defender Advanced Threat Protection\Temp\PSScriptOutputs\PSScript_Transcript_{transcriptId}.txt
        # emulator.output: C:\windows\TEMP\{args}.dmp.zip
        # emulator.output: 51 MB
        # emulator.exit-code: 0
        param([Parameter(Mandatory = $true)][string]$ProcessName)
        $dump = Join-Path $env:TEMP "$ProcessName.dmp"
        Write-Output "$dump.zip"
        """;

    public static EmulatedLibraryFile Script { get; } = new(EmulatorOptions.DemoScriptName, Encoding.UTF8.GetBytes(ScriptText.ReplaceLineEndings("\n") + "\n"))
    {
        Description = "Demo: collects a memory dump of a process",
        HasParameters = true,
        ParametersDescription = "The process name, such as OfficeClickToRun",
    };
}
