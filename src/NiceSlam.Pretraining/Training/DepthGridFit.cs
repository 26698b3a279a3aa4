using NiceSlam.Core.Decoders;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Rendering;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Training;

/// <summary>A depth image with its camera: depth [H, W] float32 metres (0 = none), camera-to-world (optical frame).</summary>
public sealed record DepthView(float[] Depth, CameraIntrinsics Intrinsics, RigidTransform CameraToWorld);

/// <summary>Depth error of re-rendered held-out views after a fit, metres.</summary>
public sealed record DepthFitResult(double DepthL1, double TrainLoss, int Steps);

/// <summary>
/// The SLAM setting of the decoder benchmark: fit only the middle/fine grids (decoders frozen, grids initialised as
/// SLAM does) so that volume-rendered depth matches depth images with known poses, then measure the depth L1 of
/// held-out views rendered from the fitted grids.
/// </summary>
public static class DepthGridFit
{
    public static DepthFitResult FitAndEvaluate(NiceDecoders decoders, Bounds3 bounds, IReadOnlyList<DepthView> train,
        IReadOnlyList<DepthView> heldOut, int steps, int raysPerStep, int seed, double learningRate = 0.01, int evaluationRays = 2000)
    {
        if (train.Count == 0 || heldOut.Count == 0) throw new ArgumentException("need training and held-out views");
        using var generator = new Generator((ulong)seed);
        var random = new Random(seed);
        var renderer = new VolumeRenderer(bounds);
        using var frozen = decoders.Frozen();
        using var grids = new SceneGrids(bounds, generator);
        using var optimizer = optim.Adam(grids.Parameters().Cast<TorchSharp.Modules.Parameter>(), learningRate);
        double loss = double.NaN;
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var (origins, directions, depth) = Rays(train[random.Next(train.Count)], raysPerStep, generator);
            var middle = renderer.Render(origins, directions, depth, p => grids.MiddleLogit(decoders, p));
            var fine = renderer.Render(origins, directions, depth, p => grids.FineLogit(decoders, p));
            var l = (middle.Depth - depth).abs().mean() + (fine.Depth - depth).abs().mean();
            l.backward();
            optimizer.step();
            loss = l.item<float>();
        }
        double error = 0;
        using (no_grad())
            foreach (var view in heldOut)
            {
                using var scope = NewDisposeScope();
                var (origins, directions, depth) = Rays(view, evaluationRays, generator);
                var fine = renderer.Render(origins, directions, depth, p => grids.FineLogit(decoders, p));
                error += (fine.Depth - depth).abs().mean().item<float>();
            }
        return new DepthFitResult(error / heldOut.Count, loss, steps);
    }

    /// <summary>World rays through <paramref name="count"/> random pixels with valid depth: origins [R, 3],
    /// directions [R, 3] (camera-frame z = 1), measured depth [R]; float32.</summary>
    public static (Tensor Origins, Tensor Directions, Tensor Depth) Rays(DepthView view, int count, Generator generator)
    {
        var k = view.Intrinsics;
        var depth = tensor(view.Depth, float32);                                        // [H*W]
        var valid = (depth > 0).nonzero().squeeze(1);                                    // [V]
        if (valid.shape[0] == 0) throw new ArgumentException("view has no valid depth");
        var pick = valid.index_select(0, randint(valid.shape[0], new long[] { count }, generator: generator));  // [R]
        var u = (pick % k.Width).to(float32);
        var v = pick.div(k.Width, rounding_mode: RoundingMode.floor).to(float32);
        var (origins, directions) = PinholeCamera.PixelRays(u, v, k, view.CameraToWorld);
        return (origins, directions, depth.index_select(0, pick));
    }
}
