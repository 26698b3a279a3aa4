using System.Collections.Concurrent;

namespace NiceSlam.Core.Diagnostics;

/// <summary>
/// What the engine is doing now (tracking, mapping, first-frame mapping, ...), for observers on other threads, e.g. a
/// memory sampler that attributes peaks to stages. Stages are entered with <see cref="Enter"/> and left when the
/// returned scope is disposed; several may be active at once (the loops run on their own threads). Costs two
/// interlocked operations per stage; nothing else.
/// </summary>
public static class EngineActivity
{
    private static readonly ConcurrentDictionary<string, int> active = new();

    /// <summary>Marks <paramref name="stage"/> as active until the returned scope is disposed.</summary>
    public static IDisposable Enter(string stage)
    {
        active.AddOrUpdate(stage, 1, (_, n) => n + 1);
        return new Scope(stage);
    }

    /// <summary>The stages active now.</summary>
    public static IReadOnlyList<string> Active => [.. active.Where(p => p.Value > 0).Select(p => p.Key)];

    private sealed class Scope(string stage) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) active.AddOrUpdate(stage, 0, (_, n) => n - 1);
        }
    }
}
