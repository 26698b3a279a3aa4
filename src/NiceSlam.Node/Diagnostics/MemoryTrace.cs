using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NiceSlam.Core.Frames;
using NiceSlam.Node.Engine;
using NiceSlam.Node.Workers;

namespace NiceSlam.Node.Diagnostics;

/// <summary>One sample of a <see cref="MemoryTrace"/>: after <paramref name="Frames"/> frames, the process's working
/// set, native heap in use and managed heap, and the map (one copy of its grids) with its volume; MiB and m³.</summary>
public sealed record MemorySample(int Frames, double WorkingSetMiB, double NativeHeapMiB, double ManagedHeapMiB, double MapMiB, double MapVolume, long MapGrowths);

/// <summary>
/// What a soak watches (<c>memory_trace_every</c>): every N frames the tracking worker takes, a <see cref="MemorySample"/>
/// logged and kept; at shutdown the peaks and how the working set grew after the warm-up beside the map's own growth
/// (<see cref="Verdict"/>). Sampling reads /proc and the published map's size: no tensor work on the tracking thread.
/// </summary>
public sealed class MemoryTrace(SlamEngine engine, int every, ILogger<MemoryTrace> logger) : IFrameObserver, IHostedService
{
    /// <summary>Frames after which the working set is taken as warmed up (allocator pools, keyframe window full).</summary>
    public const int WarmUpFrames = 500;

    private readonly List<MemorySample> samples = [];
    private int frames;

    /// <summary>The samples so far, in frame order.</summary>
    public IReadOnlyList<MemorySample> Samples { get { lock (samples) return [.. samples]; } }

    public void OnFrame(RgbdFrame frame)
    {
        if (++frames % every == 0) Take();
    }

    /// <summary>Samples now (also the final sample at shutdown).</summary>
    public MemorySample Take()
    {
        var (workingSet, native, managed) = MemoryMonitor.Sample();
        double mapMiB = 0, volume = 0;
        using (var lease = engine.System.AcquireMap())
            if (lease is not null)
            {
                mapMiB = lease.Snapshot.Map.ParameterCount * 4 / (1024.0 * 1024.0);
                volume = lease.Snapshot.Bounds.Volume;
            }
        var sample = new MemorySample(frames, workingSet, native, managed, mapMiB, volume, engine.System.Counters.MapGrowths);
        lock (samples) samples.Add(sample);
        logger.LogInformation("{Line}", FormattableString.Invariant(
            $"memory after {sample.Frames} frames: working set {sample.WorkingSetMiB:0} MiB, native heap {sample.NativeHeapMiB:0} MiB, managed heap {sample.ManagedHeapMiB:0} MiB; map {sample.MapMiB:0.0} MiB over {sample.MapVolume:0} m³ ({sample.MapGrowths} growths)"));
        return sample;
    }

    /// <summary>
    /// The soak's figures over <paramref name="samples"/>: the peak working set, and from the first sample at or after
    /// <see cref="WarmUpFrames"/> to the last, the working set's growth beside the map's (one copy of its grids) and
    /// whether it stayed under the map's growth + 10 % of the working set then; null before a sample past the warm-up.
    /// </summary>
    public static string? Verdict(IReadOnlyList<MemorySample> samples)
    {
        if (samples.Count == 0) return null;
        double peak = samples.Max(s => s.WorkingSetMiB);
        var warm = samples.FirstOrDefault(s => s.Frames >= WarmUpFrames);
        var last = samples[^1];
        if (warm is null || ReferenceEquals(warm, last))
            return FormattableString.Invariant($"peak working set {peak:0} MiB over {last.Frames} frames (too short for the growth after {WarmUpFrames} frames)");
        double grew = last.WorkingSetMiB - warm.WorkingSetMiB, mapGrew = last.MapMiB - warm.MapMiB, allowance = mapGrew + 0.10 * warm.WorkingSetMiB;
        return FormattableString.Invariant($"peak working set {peak:0} MiB; from frame {warm.Frames} to {last.Frames} the working set grew {grew:0} MiB ({warm.WorkingSetMiB:0} -> {last.WorkingSetMiB:0}), ")
            + FormattableString.Invariant($"the map {mapGrew:0.0} MiB ({warm.MapMiB:0.0} -> {last.MapMiB:0.0}, {warm.MapVolume:0} -> {last.MapVolume:0} m³); ")
            + FormattableString.Invariant($"{(grew <= allowance ? "within" : "over")} the map's growth + 10 % ({allowance:0} MiB)");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Registered before the workers, so it stops after them: the final sample and the verdict.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (frames > 0 && (Samples.Count == 0 || Samples[^1].Frames != frames)) Take();
        if (Verdict(Samples) is { } verdict) logger.LogInformation("memory over the run: {Verdict}", verdict);
        return Task.CompletedTask;
    }
}
