using System.Runtime.InteropServices;

namespace Mde.Bindings.Benchmarks;

/// <summary>
/// CPU time of the calling thread, from <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c> (Linux, nanoseconds): work that
/// runs on one thread is timed without the time the thread waits for a core, which on a loaded machine is most of the
/// wall time and none of the cost.
/// </summary>
internal static class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Whether the platform reports it (Linux; wall time stands in elsewhere).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>The CPU time this thread has used so far.</summary>
    public static TimeSpan Now()
    {
        if (clock_gettime(ClockThreadCpuTimeId, out TimeSpec time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        return TimeSpan.FromSeconds(time.Seconds) + TimeSpan.FromTicks(time.Nanoseconds / 100);
    }

    // DllImport, not LibraryImport: the struct is blittable, and LibraryImport's generated code would need unsafe blocks.
    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);

    // struct timespec on 64-bit Linux.
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
