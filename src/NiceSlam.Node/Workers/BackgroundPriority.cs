using System.Runtime.InteropServices;

namespace NiceSlam.Node.Workers;

/// <summary>
/// Lowers the scheduling priority of the calling thread, for work that must yield the cores to tracking (the map
/// outputs). On Linux .NET does not map thread priorities to the scheduler, so the thread's nice value is raised
/// (setpriority on its thread id: niceness is per thread there); elsewhere <see cref="ThreadPriority.BelowNormal"/>.
/// A raised nice value cannot be lowered again without privileges: call it only on a thread of one's own.
/// </summary>
internal static class BackgroundPriority
{
    /// <summary>Raises the calling thread's nice value by <paramref name="increment"/> (capped at 19); returns the
    /// nice value it now has, or null where that is not how priorities work.</summary>
    public static int? LowerCurrentThread(int increment = 10)
    {
        Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            int tid = gettid();
            Marshal.SetLastPInvokeError(0);
            int current = getpriority(PrioProcess, tid);
            if (current == -1 && Marshal.GetLastPInvokeError() != 0) return null;
            int target = Math.Min(19, current + increment);
            return setpriority(PrioProcess, tid, target) == 0 ? target : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private const int PrioProcess = 0;

#pragma warning disable IDE1006 // glibc's names
    [DllImport("libc", SetLastError = true)]
    private static extern int gettid();

    [DllImport("libc", SetLastError = true)]
    private static extern int getpriority(int which, int who);

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);
#pragma warning restore IDE1006
}
