using System.Diagnostics;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Rendering;
using NiceSlam.Core.Slam;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tracking;

/// <summary>
/// NICE-SLAM's camera tracking: the pose (quaternion + translation) is optimised with Adam so that depth and
/// colour rendered from the map (fine geometry + colour) match the frame at random pixels. Loss
/// Σ |D − D̂| / sqrt(Var + 1e-10) + w Σ |I − Î| over static pixels (variance detached); pixels whose weighted depth
/// residual exceeds 10 x its median are rejected as dynamic. The pose with the lowest loss is kept. The map is read,
/// never written: its parameters are frozen for the call.
/// </summary>
public sealed class Tracker(SlamOptions options, Generator generator)
{
    private readonly RaySampling sampling = new(options.StratifiedSamples, options.NearSurfaceSamples);

    /// <summary>The constant-velocity initial guess T_t = T_{t-1} T_{t-2}^-1 T_{t-1} (or T_{t-1}).</summary>
    public static RigidTransform Predict(RigidTransform? beforePrevious, RigidTransform previous, bool constantVelocity) =>
        constantVelocity && beforePrevious is { } older ? previous * older.Inverse() * previous : previous;

    public TrackingResult Track(HierarchicalMap map, FrameTensors frame, RigidTransform initial)
    {
        var watch = Stopwatch.StartNew();
        if (options.TrackingIterations == 0 || frame.ValidCount == 0)
            return new TrackingResult(initial, double.NaN, double.NaN, 0, watch.Elapsed.TotalMilliseconds, 0);
        var renderer = new VolumeRenderer(map.Bounds, sampling);
        using var frozen = map.Frozen();
        using var pose = new PoseTensor(initial, map.Device, requiresGrad: true);
        using var translationOptimizer = optim.Adam([pose.Translation], options.TrackingTranslationLr);
        using var rotationOptimizer = optim.Adam([pose.Quaternion], options.TrackingRotationLr);
        var best = initial;
        double bestLoss = double.PositiveInfinity, initialLoss = double.NaN, inlierShare = 0;
        for (int iteration = 0; iteration < options.TrackingIterations; iteration++)
        {
            using var scope = NewDisposeScope();
            var current = pose.ToRigid();
            if (!IsFinite(current)) break;                       // diverged: keep the best pose so far
            var rays = RayBatch.From(frame, frame.SamplePixels(options.TrackingPixels, generator), pose);
            var (loss, inliers) = Loss(renderer, map, rays, options.TrackingColorWeight, options.DynamicRejectionMedians);
            if (inliers == 0) break;
            double perPixel = loss.item<float>() / inliers;
            if (iteration == 0) initialLoss = perPixel;
            if (perPixel < bestLoss)
            {
                bestLoss = perPixel;
                best = current;
                inlierShare = (double)inliers / options.TrackingPixels;
            }
            translationOptimizer.zero_grad();
            rotationOptimizer.zero_grad();
            loss.backward();
            translationOptimizer.step();
            rotationOptimizer.step();
        }
        return new TrackingResult(best, initialLoss, bestLoss, options.TrackingIterations, watch.Elapsed.TotalMilliseconds, inlierShare);
    }

    private static bool IsFinite(RigidTransform pose) => pose.ToMatrix().All(double.IsFinite);

    /// <summary>The tracking loss (sum over inlier pixels) and the inlier count.</summary>
    internal static (Tensor Loss, long Inliers) Loss(VolumeRenderer renderer, HierarchicalMap map, RayBatch rays, double colorWeight, double rejectionMedians)
    {
        var rendered = renderer.Render(rays.Origins, rays.Directions, rays.Depth, p => map.Logit(MapLevel.Fine, p), map.Rgb);
        var weighted = (rays.Depth - rendered.Depth).abs() / (rendered.Variance.detach() + 1e-10).sqrt();   // [R]
        Tensor keep;
        using (no_grad())
        {
            keep = rendered.InsideBounds & (rays.Depth > 0) & weighted.isfinite();
            if (!keep.any().item<bool>()) return (zeros(1, device: rays.Depth.device).sum(), 0);
            var median = weighted.masked_select(keep).median();
            keep &= weighted < rejectionMedians * median;
        }
        long inliers = keep.sum().item<long>();
        var mask = keep.to(float32);
        var colorError = (rays.Color - rendered.Color!).abs().sum(1);                                       // [R]
        var loss = (weighted.nan_to_num(0, 0, 0) * mask).sum() + colorWeight * (colorError * mask).sum();
        return (loss, inliers);
    }

}
