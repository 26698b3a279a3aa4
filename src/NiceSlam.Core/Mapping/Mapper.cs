using System.Diagnostics;
using NiceSlam.Core.Compute;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Rendering;
using NiceSlam.Core.Slam;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NiceSlam.Core.Mapping;

/// <summary>
/// NICE-SLAM's mapping: over a window (current frame, last keyframe, randomly chosen overlapping keyframes) the
/// grids are optimised in three stages by iteration share: middle (depth loss, middle grid), fine (depth loss,
/// middle + fine grids, fine geometry = middle + residual), colour (depth + w · colour loss, middle, fine and
/// colour grids and the colour decoder, plus local bundle adjustment of the window's poses except the oldest once
/// there are enough keyframes). Only grid vertices in the current frame's frustum change. Adam is built anew every
/// call. The coarse grid is optimised on its own afterwards (depth loss on random window frames).
/// </summary>
public sealed class Mapper(SlamOptions options, Generator generator, Random random)
{
    private readonly RaySampling sampling = options.Rendering.RaySampling();

    /// <summary>One window member: its frame, the pose tensor used for rays, and whether the pose is optimised.</summary>
    private sealed record Member(FrameTensors Frame, PoseTensor Pose, Keyframe? Keyframe, bool Optimised);

    /// <summary>Maps <paramref name="current"/> at <paramref name="currentPose"/>; returns the (possibly bundle-adjusted)
    /// current pose. Keyframe poses in the window are updated in place when bundle adjustment runs.</summary>
    public (MappingResult Result, RigidTransform CurrentPose) Map(HierarchicalMap map, KeyframeStore keyframes, FrameTensors current,
        RigidTransform currentPose, bool firstFrame)
    {
        using var activity = Diagnostics.EngineActivity.Enter(firstFrame ? "first-frame mapping" : "mapping");
        var watch = Stopwatch.StartNew();
        var renderer = new VolumeRenderer(map.Bounds, sampling, options.Rendering.Fused, jitter: generator);
        int iterations = firstFrame ? options.Mapping.FirstFrameIterations : options.Mapping.Iterations;
        double lrFactor = firstFrame ? options.Mapping.FirstFrameLrFactor : 1;

        // The window: overlapping keyframes + the last keyframe + the current frame.
        var last = keyframes.Last;
        var chosen = keyframes.SelectOverlapping(current, currentPose, options.Keyframes.WindowSize - 2, options.Keyframes.OverlapPixels, options.Keyframes.OverlapSamples,
            options.Keyframes.OverlapMarginPixels, generator, random, exclude: last).ToList();
        if (last is not null) chosen.Add(last);
        bool bundle = options.Keyframes.BundleAdjustment && !firstFrame && keyframes.Count > options.Keyframes.BundleAdjustmentMinKeyframes;
        int oldest = chosen.Count == 0 ? -1 : chosen.Min(k => k.FrameIndex);
        var members = new List<Member>();
        foreach (var k in chosen)
            members.Add(new Member(k.Frame, new PoseTensor(k.Pose, map.Device, bundle && k.FrameIndex != oldest), k, bundle && k.FrameIndex != oldest));
        members.Add(new Member(current, new PoseTensor(currentPose, map.Device, bundle), null, bundle));

        try
        {
            // Frustum masks of the current frame (grid vertices outside keep their values), freed with the call.
            using var callScope = NewDisposeScope();
            var masks = new[] { map.Middle, map.Fine, map.Color }
                .Select(grid => FrustumMask.Compute(grid, current, currentPose, options.Mapping.FrustumDepthMargin)).ToArray();
            // Adam per grid, only the masked vertices change. Fused path: restricted to the mask's box, no
            // per-iteration allocations; reference path: torch Adam over the whole grid.
            bool region = options.Rendering.Fused;
            using var middleOpt = IGridOptimizer.Create(map.Middle, masks[0], region);
            using var fineOpt = IGridOptimizer.Create(map.Fine, masks[1], region);
            using var colorOpt = IGridOptimizer.Create(map.Color, masks[2], region);
            using var decoderOpt = new HeldScalarAdam(map.Decoders.Color.parameters(), options.Mapping.ColorStageLr);
            var poseParameters = members.Where(m => m.Optimised).SelectMany(m => new[] { m.Pose.Quaternion, m.Pose.Translation }).ToArray();
            using var poseOpt = poseParameters.Length > 0 ? new HeldScalarAdam(poseParameters, options.Keyframes.BundleAdjustmentLr) : null;

            // The last loss per pixel of each stage stays a tensor until the end (no host read per iteration).
            var lastLoss = new Tensor?[3];
            try
            {
                int perFrame = Math.Max(1, options.Mapping.Pixels / members.Count);
                var sampled = members.Where(m => m.Frame.ValidCount > 0).ToList();
                for (int iteration = 0; iteration < iterations && sampled.Count > 0; iteration++)
                {
                    using var scope = NewDisposeScope();
                    using var s = new HeldScalars();
                    double share = (double)iteration / iterations;
                    var stage = share <= options.Mapping.MiddleStageShare ? MapLevel.Middle : share <= options.Mapping.FineStageShare ? MapLevel.Fine : (MapLevel?)null;
                    bool colorStage = stage is null;
                    double middleLr = lrFactor * (stage == MapLevel.Middle ? options.Mapping.MiddleStageLr : stage == MapLevel.Fine ? options.Mapping.FineStageLr : options.Mapping.ColorStageLr);
                    double fineLr = lrFactor * (colorStage ? options.Mapping.ColorStageLr : options.Mapping.FineStageLr);
                    decoderOpt.LearningRate = lrFactor * options.Mapping.ColorStageLr;

                    // Bundle adjustment steps the poses in the colour stage only: before it, rays carry no pose
                    // gradient (no backward through the lookups' weights to the poses that no step would read).
                    RayBatch rays;
                    using (colorStage ? null : no_grad())
                        rays = RayBatch.Concat(sampled.Select(m => RayBatch.From(m.Frame, m.Frame.SamplePixels(perFrame, generator), m.Pose)).ToList());
                    var level = stage ?? MapLevel.Fine;
                    var rendered = renderer.Render(rays.Origins, rays.Directions, rays.Depth, map.Field(level, renderer.Fused), colorStage);
                    var keep = rendered.InsideBounds.to(float32);                                         // [R]
                    var loss = ((rays.Depth - rendered.Depth).abs() * keep).sum();
                    if (colorStage) loss = loss.add(((rays.Color - rendered.Color!).abs().sum(1) * keep).sum().mul(s[options.Mapping.ColorWeight]), HeldScalars.One);

                    // Gradients of what this stage reads only: grids left out keep no stale values for the step.
                    ClearGradients(map.Middle);
                    if (stage != MapLevel.Middle) ClearGradients(map.Fine);
                    if (colorStage) { ClearGradients(map.Color); decoderOpt.ZeroGrad(); poseOpt?.ZeroGrad(); }
                    loss.backward();
                    middleOpt.Step(middleLr);
                    if (stage != MapLevel.Middle) fineOpt.Step(fineLr);
                    if (colorStage)
                    {
                        colorOpt.Step(lrFactor * options.Mapping.ColorStageLr);
                        decoderOpt.Step();
                        poseOpt?.Step();
                    }
                    int slot = stage == MapLevel.Middle ? 0 : stage == MapLevel.Fine ? 1 : 2;
                    lastLoss[slot]?.Dispose();
                    lastLoss[slot] = (loss.detach() / keep.sum().clamp_min(HeldScalars.One)).DetachFromDisposeScope();
                }
            }
            finally
            {
                ClearGradients(map.Middle);
                ClearGradients(map.Fine);
                ClearGradients(map.Color);
            }
            double[] stageLoss = lastLoss.Select(t => t is null ? double.NaN : (double)t.item<float>()).ToArray();
            foreach (var t in lastLoss) t?.Dispose();
            double middleLoss = stageLoss[0], fineLoss = stageLoss[1], colorLoss = stageLoss[2];

            double coarseLoss = OptimiseCoarse(map, renderer, members, lrFactor);

            if (bundle)
                foreach (var m in members.Where(m => m.Optimised && m.Keyframe is not null))
                    m.Keyframe!.Pose = m.Pose.ToRigid();
            var refined = bundle ? members[^1].Pose.ToRigid() : currentPose;
            var result = new MappingResult(current.Index, iterations, middleLoss, fineLoss, colorLoss, coarseLoss, watch.Elapsed.TotalMilliseconds,
                [.. members.Select(m => m.Frame.Index)], bundle);
            return (result, refined);
        }
        finally
        {
            foreach (var m in members) m.Pose.Dispose();
        }
    }

    /// <summary>The coarse level on its own: depth loss at random window frames, coarse grid only.</summary>
    private double OptimiseCoarse(HierarchicalMap map, VolumeRenderer renderer, IReadOnlyList<Member> members, double lrFactor)
    {
        if (options.Mapping.CoarseIterations == 0) return double.NaN;
        using var optimizer = new HeldScalarAdam([map.Coarse.Values], options.Mapping.CoarseLr * lrFactor);
        Tensor? last = null;
        try
        {
            for (int iteration = 0; iteration < options.Mapping.CoarseIterations; iteration++)
            {
                using var scope = NewDisposeScope();
                var m = members[random.Next(members.Count)];
                if (m.Frame.ValidCount == 0) continue;
                RayBatch rays;
                using (no_grad()) rays = RayBatch.From(m.Frame, m.Frame.SamplePixels(options.Mapping.Pixels, generator), m.Pose);
                var rendered = renderer.Render(rays.Origins, rays.Directions, rays.Depth, map.Field(MapLevel.Coarse, renderer.Fused), color: false);
                var keep = rendered.InsideBounds.to(float32);
                var loss = ((rays.Depth - rendered.Depth).abs() * keep).sum();
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step();
                last?.Dispose();
                last = (loss.detach() / keep.sum().clamp_min(HeldScalars.One)).DetachFromDisposeScope();
            }
            return last is null ? double.NaN : last.item<float>();
        }
        finally
        {
            last?.Dispose();
            map.Coarse.Values.grad = null;
        }
    }

    /// <summary>Drops a grid's gradient: the next backward writes a fresh one (no zeroing pass, no accumulation),
    /// and no full-grid gradient is held between calls.</summary>
    private static void ClearGradients(FeatureGrid grid) => grid.Values.grad = null;

}
