using System.Runtime.InteropServices;

namespace NiceSlam.Core.Compute;

/// <summary>
/// glibc malloc settings for the memory libtorch allocates on the CPU (Linux), set by the process itself.
/// One arena for all threads: the tracking and mapping loops run on their own threads, and a thread on a second arena
/// allocates in 64 MiB heaps that glibc shrinks only when their free top exceeds the trim threshold (never, at
/// 128 MiB) and drops only when wholly free: in the demo 17 of them stayed resident (1,022 MiB) beside 280-460 MiB
/// in use, peak working set 1,743 MiB; with one arena from the start 1,226-1,283 MiB at the same speed. The arena
/// count must be set before the runtime's first threads allocate, so the programs (CLI, node) restart themselves with
/// MALLOC_ARENA_MAX=1 at their entry points (NiceSlam.Native's OneArenaRestart, with <see cref="Arenas"/>); <see cref="Configure"/> (called by
/// <see cref="ComputeDevice.Select"/>) also sets M_ARENA_MAX for hosts that do not (tests), where it only limits
/// arenas made later. And a fixed mmap threshold of 32 MiB with a trim threshold of 128 MiB, so per-iteration tensors
/// of a few MiB are reused from the heap instead of being mapped, faulted in and unmapped every iteration (the dynamic
/// default; about 40 % less system time in the mapping loop, the peak unchanged). A setting given in the environment
/// (MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_, GLIBC_TUNABLES) wins over the project's.
/// </summary>
public static class NativeAllocator
{
    private const int TrimThreshold = -1, MmapThreshold = -3, ArenaMax = -8;   // glibc's M_* numbers
    public const int Arenas = 1;
    public const int MmapThresholdBytes = 32 << 20, TrimThresholdBytes = 128 << 20;

    private static readonly object gate = new();
    private static string? applied;

    /// <summary>What was set ("" where nothing: not glibc, or the environment decides), for reports and `doctor`.</summary>
    public static string Configure()
    {
        lock (gate)
        {
            if (applied is not null) return applied;
            var set = new List<string>();
            if (OperatingSystem.IsLinux() && !TunedByEnvironment)
            {
                try
                {
                    if (Environment.GetEnvironmentVariable(ArenaVariable) is null && mallopt(ArenaMax, Arenas) == 1)
                        set.Add($"M_ARENA_MAX {Arenas}");
                    if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is null && mallopt(MmapThreshold, MmapThresholdBytes) == 1)
                        set.Add($"M_MMAP_THRESHOLD {MmapThresholdBytes >> 20} MiB");
                    if (Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is null && mallopt(TrimThreshold, TrimThresholdBytes) == 1)
                        set.Add($"M_TRIM_THRESHOLD {TrimThresholdBytes >> 20} MiB");
                }
                catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { }   // not glibc (e.g. musl)
            }
            if (Environment.GetEnvironmentVariable(ArenaVariable) is { } arenas) set.Insert(0, $"{ArenaVariable}={arenas} (environment)");
            applied = string.Join(", ", set);
            return applied;
        }
    }

    /// <summary>
    /// Hands the free memory malloc keeps back to the system (glibc's malloc_trim(0), which also releases free pages
    /// inside the heap, not only at its top) after a stage whose temporaries are gone: the next stage then starts
    /// from what is in use. Called only where no other thread runs tensor work (between `run`'s output stages, after
    /// the node has stopped): called after every mapping call on the mapping thread, a test fixture mapping on another
    /// thread at the same time failed once inside libtorch (a Scalar read as garbage: some native memory is read after
    /// it is freed, which trimming turns from stale bytes into zeros); until that is found, not in the engine.
    /// Milliseconds; nothing where the allocator is not glibc.
    /// </summary>
    public static void ReturnFreeMemory()
    {
        if (!OperatingSystem.IsLinux() || trimUnavailable) return;
        try { malloc_trim(0); }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { trimUnavailable = true; }
    }

    private static bool trimUnavailable;

    /// <summary>The environment setting that gives the process one malloc arena from its first thread on (what the
    /// entry points' restart sets).</summary>
    public const string ArenaVariable = "MALLOC_ARENA_MAX";

    /// <summary>Whether the user tunes glibc malloc through GLIBC_TUNABLES: then the project sets nothing.</summary>
    private static bool TunedByEnvironment => Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is not null;

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);
}
