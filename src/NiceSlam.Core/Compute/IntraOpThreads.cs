using static TorchSharp.torch;

namespace NiceSlam.Core.Compute;

/// <summary>
/// Limits libtorch's intra-op CPU threads on the calling thread for a while. The setting is per thread (OpenMP's
/// thread-local thread count): the mapping loop on its own thread keeps its count. Many small operations (dense
/// odometry: a few thousand elements each) gain nothing from a second thread, and on a busy machine each parallel
/// region waits for a core: measured 15 x slower with 2 threads than with 1 while other processes loaded the cores.
/// </summary>
public static class IntraOpThreads
{
    /// <summary>Sets <paramref name="threads"/> (0: leave as is) until the result is disposed.</summary>
    public static IDisposable Limit(int threads)
    {
        int previous = get_num_threads();
        if (threads <= 0 || threads == previous) return Nothing.Instance;
        set_num_threads(threads);
        return new Restore(previous);
    }

    private sealed class Restore(int previous) : IDisposable
    {
        public void Dispose() => set_num_threads(previous);
    }

    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();
        public void Dispose() { }
    }
}
