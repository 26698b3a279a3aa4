using System.Diagnostics;
using System.Runtime.InteropServices;
using NiceSlam.Core.Diagnostics;

namespace NiceSlam.Node.Diagnostics;

/// <summary>One stage's peaks: working set (resident memory of the process), native heap in use (what malloc has
/// handed out and not taken back: libtorch's tensors and the rest of the native code), managed heap; MiB.</summary>
public sealed record StageMemory(string Stage, double PeakWorkingSetMiB, double PeakNativeHeapMiB, double PeakManagedHeapMiB, int Samples);

/// <summary>
/// Samples the process's memory on its own thread (every <c>interval</c>) and attributes every sample to the
/// engine stages active at that moment (<see cref="EngineActivity"/>; none active: "other"), so a report can say
/// which stage the peak belongs to, and whether it is native memory in use (tensors alive), memory the allocator
/// holds without using it (working set above the native heap in use), or managed memory. Linux: /proc/self/statm
/// for the working set and glibc's mallinfo2 for the native heap; elsewhere the working set only.
/// </summary>
public sealed class MemoryMonitor : IDisposable
{
    private readonly Dictionary<string, (double Rss, double Native, double Managed, int Samples)> peaks = [];
    private readonly object gate = new();
    private readonly Thread thread;
    private readonly TimeSpan interval;
    private volatile bool stopping;

    public MemoryMonitor(TimeSpan? interval = null)
    {
        this.interval = interval ?? TimeSpan.FromMilliseconds(20);
        thread = new Thread(Run) { IsBackground = true, Name = "memory monitor", Priority = ThreadPriority.AboveNormal };
        thread.Start();
    }

    /// <summary>Peaks per stage so far, stages in order of their peak working set (largest first).</summary>
    public IReadOnlyList<StageMemory> Stages
    {
        get
        {
            lock (gate)
                return [.. peaks.Select(p => new StageMemory(p.Key, p.Value.Rss, p.Value.Native, p.Value.Managed, p.Value.Samples))
                    .OrderByDescending(s => s.PeakWorkingSetMiB)];
        }
    }

    /// <summary>The process's peak working set since it started (the kernel's high-water mark), MiB.</summary>
    public static double PeakWorkingSetMiB => Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);

    /// <summary>One sample now: working set, native heap in use, managed heap (MiB).</summary>
    public static (double WorkingSet, double NativeHeap, double ManagedHeap) Sample() =>
        (WorkingSetMiB(), NativeHeapMiB(), GC.GetTotalMemory(false) / (1024.0 * 1024.0));

    private void Run()
    {
        while (!stopping)
        {
            Record();
            Thread.Sleep(interval);
        }
    }

    private void Record()
    {
        var (rss, native, managed) = Sample();
        var stages = EngineActivity.Active;
        lock (gate)
            foreach (var stage in stages.Count == 0 ? ["other"] : stages)
            {
                var p = peaks.TryGetValue(stage, out var known) ? known : (0.0, 0.0, 0.0, 0);
                peaks[stage] = (Math.Max(p.Item1, rss), Math.Max(p.Item2, native), Math.Max(p.Item3, managed), p.Item4 + 1);
            }
    }

    private static readonly long PageSize = Environment.SystemPageSize;

    private static double WorkingSetMiB()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var fields = File.ReadAllText("/proc/self/statm").Split(' ');
                return long.Parse(fields[1]) * PageSize / (1024.0 * 1024.0);
            }
            catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException) { }
        }
        return Environment.WorkingSet / (1024.0 * 1024.0);
    }

    private static bool mallinfoMissing;

    /// <summary>Bytes malloc has handed out (arena chunks in use + mmapped chunks), MiB; NaN where unknown.</summary>
    private static double NativeHeapMiB()
    {
        if (!OperatingSystem.IsLinux() || mallinfoMissing) return double.NaN;
        try
        {
            var info = mallinfo2();
            return ((double)info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            mallinfoMissing = true;
            return double.NaN;
        }
    }

#pragma warning disable IDE1006, CS0649 // glibc's names and layout
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo2 mallinfo2();
#pragma warning restore IDE1006, CS0649

    public void Dispose()
    {
        stopping = true;
        thread.Join();
        Record();
    }
}
