using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Meshing;
using NiceSlam.Core.Rendering;
using NiceSlam.Core.Slam;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Training;

/// <summary>A depth image with its camera: depth [H, W] float32 metres (0 = none), camera-to-world (optical frame).</summary>
public sealed record DepthView(float[] Depth, CameraIntrinsics Intrinsics, RigidTransform CameraToWorld);

/// <summary>
/// A map fitted by <see cref="DepthGridFit.Fit"/>: the depth error of re-rendered held-out views (metres), the last
/// training loss, and the map itself, to mesh. Owns the map (not the decoders).
/// </summary>
public sealed class DepthFit(HierarchicalMap map, double depthL1, double trainLoss, int steps) : IDisposable
{
    public HierarchicalMap Map { get; } = map;
    public double DepthL1 { get; } = depthL1;
    public double TrainLoss { get; } = trainLoss;
    public int Steps { get; } = steps;

    /// <summary>Marching cubes on the fitted fine occupancy at <paramref name="voxel"/>, culled to what
    /// <paramref name="views"/> saw (as SLAM meshes its map).</summary>
    public TriangleMesh Mesh(double voxel, IReadOnlyList<DepthView> views, double cullMargin = 0.05)
    {
        var culling = views.Select(v => new CullingView(
            new FrameTensors(new RgbdFrame(0, 0, new byte[v.Depth.Length * 3], v.Depth, v.Intrinsics), Map.Device), v.CameraToWorld)).ToList();
        try { return Mesher.Extract(Map, voxel, culling, cullMargin); }
        finally { foreach (var c in culling) c.Frame.Dispose(); }
    }

    /// <summary>Disposes the grids; the decoders are the caller's.</summary>
    public void Dispose()
    {
        Map.Dispose();
    }
}

/// <summary>
/// The SLAM setting of the decoder benchmark: fit only the middle/fine grids of a <see cref="HierarchicalMap"/>
/// (decoders frozen, grids initialised as SLAM does) so that volume-rendered depth matches depth images with known
/// poses, then measure the depth L1 of held-out views rendered from the fitted map (and mesh it, see
/// <see cref="DepthFit.Mesh"/>).
/// </summary>
public static class DepthGridFit
{
    public static DepthFit Fit(NiceDecoders decoders, Bounds3 bounds, IReadOnlyList<DepthView> train,
        IReadOnlyList<DepthView> heldOut, int steps, int raysPerStep, int seed, double learningRate = 0.01, int evaluationRays = 2000)
    {
        if (train.Count == 0 || heldOut.Count == 0) throw new ArgumentException("need training and held-out views");
        using var generator = new Generator((ulong)seed);
        var random = new Random(seed);
        var map = HierarchicalMap.Create(bounds, new SlamOptions(), decoders, generator);
        try
        {
            var renderer = new VolumeRenderer(map.Bounds);
            using var frozen = decoders.Frozen();
            using var optimizer = optim.Adam([map.Middle.Values, map.Fine.Values], learningRate);
            double loss = double.NaN;
            for (int step = 0; step < steps; step++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var (origins, directions, depth) = Rays(train[random.Next(train.Count)], raysPerStep, generator);
                var middle = renderer.Render(origins, directions, depth, p => map.Logit(MapLevel.Middle, p));
                var fine = renderer.Render(origins, directions, depth, p => map.Logit(MapLevel.Fine, p));
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
                    var fine = renderer.Render(origins, directions, depth, p => map.Logit(MapLevel.Fine, p));
                    error += (fine.Depth - depth).abs().mean().item<float>();
                }
            return new DepthFit(map, error / heldOut.Count, loss, steps);
        }
        catch
        {
            map.Dispose();
            throw;
        }
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
