using System.Diagnostics;
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
    private readonly RaySampling sampling = new(options.StratifiedSamples, options.NearSurfaceSamples);

    /// <summary>One window member: its frame, the pose tensor used for rays, and whether the pose is optimised.</summary>
    private sealed record Member(FrameTensors Frame, PoseTensor Pose, Keyframe? Keyframe, bool Optimised);

    /// <summary>Maps <paramref name="current"/> at <paramref name="currentPose"/>; returns the (possibly bundle-adjusted)
    /// current pose. Keyframe poses in the window are updated in place when bundle adjustment runs.</summary>
    public (MappingResult Result, RigidTransform CurrentPose) Map(HierarchicalMap map, KeyframeStore keyframes, FrameTensors current,
        RigidTransform currentPose, bool firstFrame)
    {
        var watch = Stopwatch.StartNew();
        var renderer = new VolumeRenderer(map.Bounds, sampling);
        int iterations = firstFrame ? options.FirstFrameIterations : options.MappingIterations;
        double lrFactor = firstFrame ? options.FirstFrameLrFactor : 1;

        // The window: overlapping keyframes + the last keyframe + the current frame.
        var last = keyframes.Last;
        var chosen = keyframes.SelectOverlapping(current, currentPose, options.WindowSize - 2, options.OverlapPixels, options.OverlapSamples,
            options.OverlapMarginPixels, generator, random, exclude: last).ToList();
        if (last is not null) chosen.Add(last);
        bool bundle = options.BundleAdjustment && !firstFrame && keyframes.Count > options.BundleAdjustmentMinKeyframes;
        int oldest = chosen.Count == 0 ? -1 : chosen.Min(k => k.FrameIndex);
        var members = new List<Member>();
        foreach (var k in chosen)
            members.Add(new Member(k.Frame, new PoseTensor(k.Pose, map.Device, bundle && k.FrameIndex != oldest), k, bundle && k.FrameIndex != oldest));
        members.Add(new Member(current, new PoseTensor(currentPose, map.Device, bundle), null, bundle));

        try
        {
            // Frustum masks of the current frame (grid vertices outside keep their values), freed with the call.
            using var callScope = NewDisposeScope();
            var gridMasks = new[] { map.Middle, map.Fine, map.Color }
                .Select(grid => (grid, FrustumMask.Compute(grid, current, currentPose, options.FrustumDepthMargin))).ToArray();

            using var middleOpt = optim.Adam([map.Middle.Values], options.MiddleStageLr);
            using var fineOpt = optim.Adam([map.Fine.Values], options.FineStageLr);
            using var colorOpt = optim.Adam([map.Color.Values], options.ColorStageLr);
            using var decoderOpt = optim.Adam(map.Decoders.Color.parameters(), options.ColorStageLr);
            var poseParameters = members.Where(m => m.Optimised).SelectMany(m => new[] { m.Pose.Quaternion, m.Pose.Translation }).ToArray();
            using var poseOpt = poseParameters.Length > 0 ? optim.Adam(poseParameters, options.BundleAdjustmentLr) : null;

            double middleLoss = double.NaN, fineLoss = double.NaN, colorLoss = double.NaN;
            int perFrame = Math.Max(1, options.MappingPixels / members.Count);
            for (int iteration = 0; iteration < iterations; iteration++)
            {
                using var scope = NewDisposeScope();
                double share = (double)iteration / iterations;
                var stage = share <= options.MiddleStageShare ? MapLevel.Middle : share <= options.FineStageShare ? MapLevel.Fine : (MapLevel?)null;
                bool colorStage = stage is null;
                SetLr(middleOpt, lrFactor * (stage == MapLevel.Middle ? options.MiddleStageLr : stage == MapLevel.Fine ? options.FineStageLr : options.ColorStageLr));
                SetLr(fineOpt, lrFactor * (colorStage ? options.ColorStageLr : options.FineStageLr));
                SetLr(colorOpt, lrFactor * options.ColorStageLr);
                SetLr(decoderOpt, lrFactor * options.ColorStageLr);

                var batches = members.Where(m => m.Frame.ValidCount > 0)
                    .Select(m => RayBatch.From(m.Frame, m.Frame.SamplePixels(perFrame, generator), m.Pose)).ToList();
                if (batches.Count == 0) break;
                var rays = RayBatch.Concat(batches);
                var level = stage ?? MapLevel.Fine;
                var rendered = renderer.Render(rays.Origins, rays.Directions, rays.Depth, p => map.Logit(level, p), colorStage ? map.Rgb : null);
                var keep = rendered.InsideBounds.to(float32);                                         // [R]
                var loss = ((rays.Depth - rendered.Depth).abs() * keep).sum();
                if (colorStage) loss = loss + options.MappingColorWeight * ((rays.Color - rendered.Color!).abs().sum(1) * keep).sum();
                double pixels = Math.Max(1, keep.sum().item<float>());

                middleOpt.zero_grad(); fineOpt.zero_grad(); colorOpt.zero_grad(); decoderOpt.zero_grad(); poseOpt?.zero_grad();
                loss.backward();
                using (no_grad())
                    foreach (var (grid, mask) in gridMasks)
                        grid.Values.grad?.mul_(mask);
                middleOpt.step();
                if (stage != MapLevel.Middle) fineOpt.step();
                if (colorStage)
                {
                    colorOpt.step();
                    decoderOpt.step();
                    poseOpt?.step();
                }
                double value = loss.item<float>() / pixels;
                if (stage == MapLevel.Middle) middleLoss = value; else if (stage == MapLevel.Fine) fineLoss = value; else colorLoss = value;
            }

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
        if (options.CoarseIterations == 0) return double.NaN;
        using var optimizer = optim.Adam([map.Coarse.Values], options.CoarseLr * lrFactor);
        double last = double.NaN;
        for (int iteration = 0; iteration < options.CoarseIterations; iteration++)
        {
            using var scope = NewDisposeScope();
            var m = members[random.Next(members.Count)];
            if (m.Frame.ValidCount == 0) continue;
            RayBatch rays;
            using (no_grad()) rays = RayBatch.From(m.Frame, m.Frame.SamplePixels(options.MappingPixels, generator), m.Pose);
            var rendered = renderer.Render(rays.Origins, rays.Directions, rays.Depth, p => map.Logit(MapLevel.Coarse, p));
            var keep = rendered.InsideBounds.to(float32);
            var loss = ((rays.Depth - rendered.Depth).abs() * keep).sum();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            last = loss.item<float>() / Math.Max(1, keep.sum().item<float>());
        }
        return last;
    }

    private static void SetLr(OptimizerHelper optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }
}
