using System.Runtime.InteropServices;

namespace Mde.Bindings.Benchmarks.CliStartup;

/// <summary>
/// CPU time (user + system) of this process's finished children, from <c>getrusage(RUSAGE_CHILDREN)</c>: read before
/// and after one child runs, the difference is that child's. Wall time hides it where a run mostly waits (the
/// emulator's machine action takes its seconds whatever the build), and CPU time is where JIT compilation shows.
/// </summary>
internal static class ChildCpuTime
{
    private const int RusageChildren = -1;

    /// <summary>Whether the platform reports it (Linux and macOS do; the figures are left out elsewhere).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>The CPU time of every child waited for so far.</summary>
    public static TimeSpan Total()
    {
        if (getrusage(RusageChildren, out ResourceUsage usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        return ToTimeSpan(usage.UserSeconds, usage.UserMicroseconds) + ToTimeSpan(usage.SystemSeconds, usage.SystemMicroseconds);
    }

    private static TimeSpan ToTimeSpan(long seconds, long microseconds) => TimeSpan.FromSeconds(seconds) + TimeSpan.FromMicroseconds(microseconds);

    // DllImport, not LibraryImport: the struct is blittable, and LibraryImport's generated code would need unsafe blocks.
    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out ResourceUsage usage);

    // struct rusage on 64-bit Linux and macOS: two struct timeval (two longs each), then fourteen longs, unread here.
    [StructLayout(LayoutKind.Sequential, Size = (4 + 14) * sizeof(long))]
    private struct ResourceUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
    }
}
