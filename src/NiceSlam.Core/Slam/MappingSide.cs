using System.Runtime.InteropServices;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Mapping;
using NiceSlam.Core.Meshing;
using static TorchSharp.torch;

namespace NiceSlam.Core.Slam;

/// <summary>
/// The engine's mapping side: owns the working map (its grids; the decoders are the engine's), the keyframes and the
/// keyframe policy, maps requested frames and publishes a <see cref="MapSnapshot"/> after every call. Called by one
/// thread at a time (the mapping worker); never reads the tracking side's state.
/// </summary>
internal sealed class MappingSide(SlamOptions options, Mapper mapper, NiceDecoders decoders, Generator mapGenerator, Device device,
    SlamCounters counters) : IDisposable
{
    private readonly KeyframePolicy keyframePolicy = new(options.Keyframes.Every);
    private readonly SnapshotSlot published = new();
    private HierarchicalMap? map;
    private SharedResource<KeyframeStore> keyframes = NewKeyframeStore();
    private bool anchoredToGroundTruth;
    private long calls;

    public MapLease? Acquire() => published.Acquire();

    public MappingOutcome Map(MappingRequest request)
    {
        bool first = request.Kind == MappingKind.First;
        if (first) StartMap(request.NewMapBounds!.Value, request.AnchoredToGroundTruth);
        if (map is null)
        {
            request.Dispose();
            throw new InvalidOperationException($"frame {request.FrameIndex}: there is no map to add it to (the first frame starts one)");
        }
        var frame = request.TakeFrame();
        try
        {
            var store = keyframes.Value;
            foreach (var kept in store.All)
                if (request.Corrections.TryGetValue(kept.FrameIndex, out var correction))
                    kept.Pose = Geometry.Se3.Orthonormalised(correction * kept.Pose);
            var growth = options.Map.Grow ? GrowToHold(frame, request.Pose) : null;
            MappingResult result;
            RigidTransform refined;
            using (var before = published.Acquire())
                (result, refined) = RolledBackOnLibTorchFailure(() => mapper.Map(map, store, frame, request.Pose, first), map, before?.Snapshot.Map,
                    frame.Index, request.Pose);
            if (result.Failed) counters.AddMappingFailure();
            else counters.AddMapped(result.Milliseconds, result.Iterations);
            IReadOnlyList<(int, RigidTransform)> moved = result.BundleAdjusted
                ? [.. store.All.Select(k => (k.FrameIndex, k.Pose)), (frame.Index, refined)]
                : [];
            var report = new FrameReport(frame.Index, frame.Timestamp, refined, null, result);
            bool keyframe = !result.Failed && keyframePolicy.Take(frame.Index, first, request.Kind == MappingKind.Final);
            if (keyframe)
            {
                store.Add(new Keyframe(frame, refined));
                frame = null;
                counters.AddKeyframe();
            }
            Publish(request.FrameIndex, request.Timestamp);
            return new MappingOutcome(report, keyframe, moved, growth);
        }
        finally
        {
            frame?.Dispose();
        }
    }

    /// <summary>
    /// A mapping call, or a failed one when libtorch fails inside it (an <see cref="ExternalException"/>: a kernel's
    /// own check, an allocation refused, or TorchSharp's scalar race that <see cref="Compute.HeldScalars"/> narrows):
    /// the frame is not mapped (not a keyframe, its pose as tracked) and the map goes back to
    /// <paramref name="before"/> (the last published snapshot: the map as the previous call left it) when it matches
    /// the map's layout, so no half-done call stays in it; otherwise (the first call, or a call that grew the map
    /// first) the map keeps the optimiser steps the call completed. The node goes on. Keyframe poses are written only
    /// at a call's end, so a failed call never moved them. Any other exception is a bug and propagates.
    /// </summary>
    internal static (MappingResult Result, RigidTransform Pose) RolledBackOnLibTorchFailure(Func<(MappingResult, RigidTransform)> call,
        HierarchicalMap map, HierarchicalMap? before, int frameIndex, RigidTransform pose)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            return call();
        }
        catch (ExternalException e)
        {
            bool rolledBack = before is not null && map.TryCopyValuesFrom(before);
            var failed = new MappingResult(frameIndex, 0, double.NaN, double.NaN, double.NaN, double.NaN, watch.Elapsed.TotalMilliseconds, [], false)
            {
                FailureReason = $"libtorch failed in the mapping call: {Compute.LibTorchFailure.FirstLine(e)}",
                RolledBack = rolledBack,
            };
            return (failed, pose);
        }
    }

    /// <summary>
    /// Grows the map when <paramref name="frame"/>'s points (1st..99th percentile box, at <paramref name="pose"/>)
    /// reach beyond its bounds: to hold them plus the margin, so growth comes in steps, not a sliver a frame. Done
    /// between mapping calls, where no optimiser state exists (each call starts its own) and the published snapshots
    /// are copies, so readers keep the map they hold. Refused, counted, when the map would pass
    /// <see cref="MapOptions.MaxVolume"/> or cannot grow (a map saved before grids could grow).
    /// </summary>
    private MapGrowth? GrowToHold(FrameTensors frame, RigidTransform pose)
    {
        if (SceneBoundsEstimator.Seen(frame.Depth, frame.Intrinsics, pose) is not { } seen || map!.Bounds.Contains(seen)) return null;
        var from = map.Bounds;
        var wanted = from.Union(seen.Expanded(options.Map.AutoBoundsMargin));
        if (wanted.Volume > options.Map.MaxVolume || !map.CanGrow)
        {
            counters.AddGrowth(refused: true);
            return new MapGrowth(frame.Index, from, wanted, Capped: true, map.Grids.Sum(g => g.Values.numel()));
        }
        var grown = map.Grown(wanted, mapGenerator);
        map.Dispose();
        map = grown;
        counters.AddGrowth(refused: false);
        return new MapGrowth(frame.Index, from, map.Bounds, Capped: false, map.Grids.Sum(g => g.Values.numel()));
    }

    /// <summary>Takes over an imported map and its keyframes, and publishes it.</summary>
    public void Restore(HierarchicalMap imported, KeyframeStore importedKeyframes, SlamState state)
    {
        map?.Dispose();
        map = imported;
        keyframes.Release();
        keyframes = NewKeyframeStore(importedKeyframes);
        anchoredToGroundTruth = state.AnchoredToGroundTruth;
        keyframePolicy.Restore(state.Keyframes.Count == 0 ? null : state.Keyframes.Max(k => k.FrameIndex));
        Publish(state.Keyframes.Count == 0 ? -1 : state.Keyframes[^1].FrameIndex, state.LastTimestamp);
    }

    public void Reset()
    {
        published.Publish(null);
        map?.Dispose();
        map = null;
        keyframes.Release();
        keyframes = NewKeyframeStore();
        keyframePolicy.Restore(null);
        anchoredToGroundTruth = false;
    }

    private void StartMap(Bounds3 bounds, bool anchored)
    {
        map?.Dispose();
        map = HierarchicalMap.Create(bounds, options, decoders, mapGenerator, device);
        anchoredToGroundTruth = anchored;
    }

    /// <summary>Publishes the map as it is now: copied into a released snapshot's buffers when one is spare.</summary>
    private void Publish(int frameIndex, double timestamp)
    {
        var views = keyframes.Value.All.Select(k => new CullingView(k.Frame, k.Pose)).ToList();
        var copy = published.TakeSpare();
        if (copy is not null && !copy.TryCopyValuesFrom(map!))
        {
            copy.Dispose();
            copy = null;
        }
        copy ??= map!.FrozenCopy();
        keyframes.TryRetain();       // always succeeds: this side holds a reference; the snapshot's is released with it
        published.Publish(new MapSnapshot(copy, views, keyframes.Handle(), ++calls, frameIndex, timestamp, anchoredToGroundTruth));
    }

    private static SharedResource<KeyframeStore> NewKeyframeStore(KeyframeStore? store = null) => new(store ?? new KeyframeStore(), s => s.Dispose());

    public void Dispose()
    {
        published.Dispose();
        map?.Dispose();
        keyframes.Release();
    }
}
