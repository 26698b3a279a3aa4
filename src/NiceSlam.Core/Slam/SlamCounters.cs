namespace NiceSlam.Core.Slam;

/// <summary>Running counts of the engine's two sides (thread-safe reads of monotonically increasing values).</summary>
public sealed class SlamCounters
{
    private long tracked, mapped, rejected, keyframes, lost, growths, growthsCapped, mappingFailures, graphCorrections, loopClosures;
    private double trackingMs, mappingMs, trackingIterations, mappingIterations;
    private readonly object gate = new();

    public long Tracked => Interlocked.Read(ref tracked);
    public long Mapped => Interlocked.Read(ref mapped);
    public long Rejected => Interlocked.Read(ref rejected);
    public long Keyframes => Interlocked.Read(ref keyframes);
    /// <summary>Frames tracking could not compare with the map (pose held from the previous frame).</summary>
    public long Lost => Interlocked.Read(ref lost);
    /// <summary>Times the map grew to hold a mapped frame.</summary>
    public long MapGrowths => Interlocked.Read(ref growths);
    /// <summary>Mapped frames that saw beyond the bounds but did not grow the map (it would have passed its cap, or
    /// it cannot grow: a map saved before grids could grow).</summary>
    public long MapGrowthsRefused => Interlocked.Read(ref growthsCapped);
    /// <summary>Mapping calls libtorch failed inside (the frame not mapped; the map rolled back where it could be).</summary>
    public long MappingFailures => Interlocked.Read(ref mappingFailures);

    /// <summary>Times the tracking keyframes' pose graph moved keyframes (and the frames tracked against them).</summary>
    public long PoseGraphCorrections => Interlocked.Read(ref graphCorrections);
    /// <summary>Pose-graph edges to a keyframe older than the recent ones: a place seen again after a while.</summary>
    public long LoopClosures => Interlocked.Read(ref loopClosures);

    public double TrackingMsPerFrame { get { lock (gate) return Tracked == 0 ? 0 : trackingMs / Tracked; } }
    public double TrackingMsPerIteration { get { lock (gate) return trackingIterations == 0 ? 0 : trackingMs / trackingIterations; } }
    public double MappingMsPerCall { get { lock (gate) return Mapped == 0 ? 0 : mappingMs / Mapped; } }
    public double MappingMsPerIteration { get { lock (gate) return mappingIterations == 0 ? 0 : mappingMs / mappingIterations; } }
    public double TrackingMsTotal { get { lock (gate) return trackingMs; } }
    public double MappingMsTotal { get { lock (gate) return mappingMs; } }

    internal void AddTracked(double ms, int iterations)
    {
        lock (gate)            // the count with its sums: an average never mixes two calls' values
        {
            trackingMs += ms;
            trackingIterations += iterations;
            Interlocked.Increment(ref tracked);
        }
    }

    internal void AddMapped(double ms, int iterations)
    {
        lock (gate)
        {
            mappingMs += ms;
            mappingIterations += iterations;
            Interlocked.Increment(ref mapped);
        }
    }

    internal void AddLost() => Interlocked.Increment(ref lost);
    internal void AddMappingFailure() => Interlocked.Increment(ref mappingFailures);
    internal void AddGrowth(bool refused) => Interlocked.Increment(ref refused ? ref growthsCapped : ref growths);
    internal void AddRejected() => Interlocked.Increment(ref rejected);
    internal void AddKeyframe() => Interlocked.Increment(ref keyframes);
    internal void AddPoseGraph(bool corrected, int loops)
    {
        if (corrected) Interlocked.Increment(ref graphCorrections);
        Interlocked.Add(ref loopClosures, loops);
    }
}
