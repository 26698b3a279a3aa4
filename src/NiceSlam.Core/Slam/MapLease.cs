using NiceSlam.Core.Map;

namespace NiceSlam.Core.Slam;

/// <summary>
/// A reader's hold on a published <see cref="MapSnapshot"/>: the snapshot stays alive and unchanged until the lease
/// is disposed, even when newer ones are published meanwhile. Dispose it promptly (a snapshot is a full copy of the
/// grids).
/// </summary>
public sealed class MapLease : IDisposable
{
    private readonly IDisposable handle;

    internal MapLease(MapSnapshot snapshot, IDisposable handle)
    {
        Snapshot = snapshot;
        this.handle = handle;
    }

    public MapSnapshot Snapshot { get; }

    public void Dispose() => handle.Dispose();
}

/// <summary>
/// The latest published <see cref="MapSnapshot"/>: the mapping side replaces it, any thread leases it. A replaced
/// snapshot is released once its last lease is disposed: its keyframe frames are let go, and its map copy is kept as
/// the spare the next publication copies into (so publishing allocates nothing in the steady state). Lock-free:
/// neither side ever waits for the other.
/// </summary>
internal sealed class SnapshotSlot : IDisposable
{
    private SharedResource<MapSnapshot>? current;
    private HierarchicalMap? spare;
    private volatile bool disposed;

    /// <summary>Makes <paramref name="snapshot"/> the latest (null: none); the slot owns it from now on.</summary>
    public void Publish(MapSnapshot? snapshot)
    {
        var next = snapshot is null ? null : new SharedResource<MapSnapshot>(snapshot, Release);
        Interlocked.Exchange(ref current, next)?.Release();
    }

    /// <summary>A lease on the latest snapshot; null when nothing is published.</summary>
    public MapLease? Acquire()
    {
        while (true)
        {
            var shared = Volatile.Read(ref current);
            if (shared is null) return null;
            if (shared.TryRetain()) return new MapLease(shared.Value, shared.Handle());
            // Replaced and released between the read and the retain: the slot holds a newer one now.
        }
    }

    /// <summary>A released snapshot's map copy to publish into (nobody holds it any more), or null.</summary>
    public HierarchicalMap? TakeSpare() => Interlocked.Exchange(ref spare, null);

    private void Release(MapSnapshot snapshot)
    {
        var map = snapshot.Free();
        if (disposed) map.Dispose();
        else Interlocked.Exchange(ref spare, map)?.Dispose();
        if (disposed) TakeSpare()?.Dispose();
    }

    public void Dispose()
    {
        disposed = true;
        Publish(null);
        TakeSpare()?.Dispose();
    }
}
