namespace Mde.Bindings.PackageTests.Infrastructure;

/// <summary>
/// A test that compiles a native AOT binary: it runs where the platform linker native AOT calls is installed
/// (<c>clang</c> on Linux and macOS; <c>.ci/run</c> installs it) and is skipped, saying what to install, elsewhere, so
/// that the test command still passes on a machine with nothing but the .NET SDK.
/// </summary>
public sealed class NativeAotFactAttribute : FactAttribute
{
    /// <summary>The linker native AOT uses on Linux and macOS.</summary>
    public const string Linker = "clang";

    /// <summary>Skips the test when <see cref="Linker"/> is not on the PATH.</summary>
    public NativeAotFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "The native AOT test runs on Linux and macOS (on Windows native AOT needs the Visual Studio C++ tools).";
        }
        else if (!IsOnPath(Linker))
        {
            Skip = $"Native AOT needs '{Linker}' on the PATH to link: install it (apt-get install clang zlib1g-dev; .ci/run does) to run this test.";
        }
    }

    private static bool IsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, program)));
}
