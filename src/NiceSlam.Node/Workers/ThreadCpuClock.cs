using System.Runtime.InteropServices;

namespace NiceSlam.Node.Workers;

/// <summary>
/// CPU time the calling thread has used (Linux: clock_gettime(CLOCK_THREAD_CPUTIME_ID)), for a cost that does not
/// count the time a low-priority thread waited for a core; null elsewhere.
/// </summary>
internal static class ThreadCpuClock
{
    /// <summary>The calling thread's CPU time, or null where it cannot be read.</summary>
    public static TimeSpan? Now()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return clock_gettime(ThreadCpuTimeId, out var t) == 0 ? TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private const int ThreadCpuTimeId = 3;                                         // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

#pragma warning disable IDE1006 // glibc's names
    [DllImport("libc")]
    private static extern int clock_gettime(int clock, out TimeSpec time);
#pragma warning restore IDE1006
}
