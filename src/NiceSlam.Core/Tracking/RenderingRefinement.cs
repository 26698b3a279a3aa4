using System.Diagnostics;
using NiceSlam.Core.Compute;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Rendering;
using NiceSlam.Core.Slam;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tracking;

/// <summary>What the rendering loss did to a pose: the pose kept (the lowest-loss one), the loss at the starting
/// pose and the best loss (per inlier pixel), iterations, time, and the share of sampled pixels kept as static.</summary>
internal sealed record RefinementResult(RigidTransform Pose, double InitialLoss, double BestLoss, int Iterations, double Milliseconds, double InlierShare)
{
    /// <summary>No pixel could be compared with the map (none inside the bounds, or the render failed).</summary>
    public bool NothingToCompare => Iterations > 0 && !double.IsFinite(BestLoss);
}

/// <summary>
/// NICE-SLAM's camera tracking by rendering: the pose (quaternion + translation) is optimised with Adam so that
/// depth and colour rendered from the map (fine geometry + colour) match the frame at random pixels. Loss
/// Σ |D − D̂| / sqrt(Var + 1e-10) + w Σ |I − Î| over static pixels (variance detached); pixels whose weighted depth
/// residual exceeds 10 x its median are rejected as dynamic. The pose with the lowest loss is kept. The map is read,
/// never written: its parameters are frozen for the call. As the whole front end (<c>render</c>) it draws new pixels
/// every iteration, as the reference does; as the refinement of an odometry pose it keeps one draw, so that the
/// losses it compares (and the starting pose's) are over the same pixels.
/// </summary>
internal sealed class RenderingRefinement(SlamOptions options, Generator generator)
{
    private readonly RaySampling sampling = options.Rendering.RaySampling();

    public RefinementResult Optimise(HierarchicalMap map, FrameTensors frame, RigidTransform initial, int iterations, bool resample)
    {
        var watch = Stopwatch.StartNew();
        if (iterations == 0 || frame.ValidCount == 0)
            return new RefinementResult(initial, double.NaN, double.NaN, 0, watch.Elapsed.TotalMilliseconds, 0);
        var renderer = new VolumeRenderer(map.Bounds, sampling, options.Rendering.Fused);
        using var frozen = map.Frozen();
        using var pose = new PoseTensor(initial, map.Device, requiresGrad: true);
        using var translationOptimizer = new HeldScalarAdam([pose.Translation], options.Tracking.TranslationLr);
        using var rotationOptimizer = new HeldScalarAdam([pose.Quaternion], options.Tracking.RotationLr);
        using var fixedPixels = resample ? null : frame.SamplePixels(options.Tracking.Pixels, generator);
        var best = initial;
        double bestLoss = double.PositiveInfinity, initialLoss = double.NaN, inlierShare = 0;
        int done = 0;
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            using var scope = NewDisposeScope();
            var current = pose.ToRigid();
            if (!current.ToMatrix().All(double.IsFinite)) break;                 // diverged: keep the best pose so far
            var rays = RayBatch.From(frame, fixedPixels ?? frame.SamplePixels(options.Tracking.Pixels, generator), pose);
            var (loss, inliers) = Loss(renderer, map, rays, options.Tracking.ColorWeight, options.Tracking.DynamicRejectionMedians);
            done = iteration + 1;
            if (inliers == 0) break;
            double perPixel = loss.item<float>() / inliers;
            if (iteration == 0) initialLoss = perPixel;
            if (perPixel < bestLoss)
            {
                bestLoss = perPixel;
                best = current;
                inlierShare = (double)inliers / options.Tracking.Pixels;
            }
            if (iteration == iterations - 1 && !resample) break;                // the last step's pose would never be scored
            translationOptimizer.ZeroGrad();
            rotationOptimizer.ZeroGrad();
            loss.backward();
            translationOptimizer.Step();
            rotationOptimizer.Step();
        }
        return new RefinementResult(best, initialLoss, bestLoss, done, watch.Elapsed.TotalMilliseconds, inlierShare);
    }

    /// <summary>The tracking loss (sum over inlier pixels) and the inlier count.</summary>
    internal static (Tensor Loss, long Inliers) Loss(VolumeRenderer renderer, HierarchicalMap map, RayBatch rays, double colorWeight, double rejectionMedians) =>
        Loss(renderer.Render(rays.Origins, rays.Directions, rays.Depth, map.Field(MapLevel.Fine, renderer.Fused), color: true), rays, colorWeight, rejectionMedians);

    /// <summary>The tracking loss of rays already rendered (fine geometry + colour).</summary>
    internal static (Tensor Loss, long Inliers) Loss(RenderedRays rendered, RayBatch rays, double colorWeight, double rejectionMedians)
    {
        using var s = new HeldScalars();
        var weighted = (rays.Depth - rendered.Depth).abs() / rendered.Variance.detach().add(s[1e-10], HeldScalars.One).sqrt();   // [R]
        Tensor keep;
        using (no_grad())
        {
            keep = rendered.InsideBounds & (rays.Depth > HeldScalars.Zero) & weighted.isfinite();
            if (!keep.any().item<bool>()) return (zeros(1, device: rays.Depth.device).sum(), 0);
            var median = weighted.masked_select(keep).median();
            keep &= weighted < median.mul(s[rejectionMedians]);
        }
        long inliers = keep.sum().item<long>();
        var mask = keep.to(float32);
        var colorError = (rays.Color - rendered.Color!).abs().sum(1);                                       // [R]
        var loss = (weighted.nan_to_num(0, 0, 0) * mask).sum().add((colorError * mask).sum().mul(s[colorWeight]), HeldScalars.One);
        return (loss, inliers);
    }
}
