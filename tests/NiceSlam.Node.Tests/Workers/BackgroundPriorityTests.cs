using System.Runtime.InteropServices;
using NiceSlam.Node.Workers;

namespace NiceSlam.Node.Tests.Workers;

public class BackgroundPriorityTests
{
    [Fact]
    public void Lowering_a_thread_raises_its_own_nice_value_and_leaves_the_other_threads_as_they_were()
    {
        if (!OperatingSystem.IsLinux()) return;                                   // nice values are Linux's
        int callerBefore = getpriority(0, gettid());
        int? lowered = null;
        int measured = int.MinValue, before = int.MinValue;
        var thread = new Thread(() =>
        {
            before = getpriority(0, gettid());
            lowered = BackgroundPriority.LowerCurrentThread(5);
            measured = getpriority(0, gettid());
        });
        thread.Start();
        thread.Join();

        Assert.Equal(Math.Min(19, before + 5), lowered);
        Assert.Equal(lowered, measured);
        Assert.Equal(callerBefore, getpriority(0, gettid()));
    }

#pragma warning disable IDE1006 // glibc's names
    [DllImport("libc")]
    private static extern int gettid();

    [DllImport("libc")]
    private static extern int getpriority(int which, int who);
#pragma warning restore IDE1006
}
