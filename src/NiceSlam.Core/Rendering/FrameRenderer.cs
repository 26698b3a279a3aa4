using NiceSlam.Core.Compute;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Rendering;

/// <summary>Depth [P] and colour [P, 3] rendered at chosen pixels of a view (no gradient).</summary>
public sealed record RenderedView(Tensor Pixels, Tensor Depth, Tensor Color);

/// <summary>
/// Renders whole views (or every n-th pixel of them) from the map without gradients, in chunks: for depth-error
/// evaluation and for publishing what the map predicts. Rays are guided by the measured depth where given, as in
/// the method's renders.
/// </summary>
public static class FrameRenderer
{
    private const int ChunkRays = 1024;

    /// <summary>Renders the pixels with valid depth of <paramref name="frame"/> (every <paramref name="stride"/>-th of
    /// them) from <paramref name="pose"/>: fine geometry and colour.</summary>
    public static RenderedView Render(HierarchicalMap map, FrameTensors frame, RigidTransform pose, RaySampling sampling, int stride = 1, bool fused = true)
    {
        // Nobody differentiates these renders: inference mode (no autograd bookkeeping at all) on the fused path.
        using var _ = fused ? inference_mode() : no_grad();
        using var scope = NewDisposeScope();
        var renderer = new VolumeRenderer(map.Bounds, sampling, fused);
        using var s = new HeldScalars();
        var pixels = frame.ValidPixels.index_select(0, arange(HeldScalars.Zero, s.Integer(frame.ValidCount), s.Integer(Math.Max(1, stride)), int64, frame.ValidPixels.device));
        var depths = new List<Tensor>();
        var colors = new List<Tensor>();
        using var poseTensor = new PoseTensor(pose, map.Device, requiresGrad: false);
        for (long start = 0; start < pixels.shape[0]; start += ChunkRays)
        {
            // Each chunk's intermediates (samples, features, activations) go when the chunk is done: only its depth
            // and colour live on, so memory is one chunk's, not the whole view's.
            using var chunkScope = NewDisposeScope();
            var chunk = pixels.narrow(0, start, Math.Min(ChunkRays, pixels.shape[0] - start));
            var rays = RayBatch.From(frame, chunk, poseTensor);
            var r = renderer.Render(rays.Origins, rays.Directions, rays.Depth, map.Field(MapLevel.Fine, fused), color: true, skipDropped: false);
            depths.Add(r.Depth.MoveToOuterDisposeScope());
            colors.Add(r.Color!.MoveToOuterDisposeScope());
        }
        return new RenderedView(pixels.MoveToOuterDisposeScope(), cat(depths, 0).MoveToOuterDisposeScope(), cat(colors, 0).MoveToOuterDisposeScope());
    }

    /// <summary>Mean |D - D̂| over the rendered pixels of <paramref name="frame"/> (those with valid depth), metres.</summary>
    public static double DepthL1(HierarchicalMap map, FrameTensors frame, RigidTransform pose, RaySampling sampling, int stride = 1, bool fused = true)
    {
        using var scope = NewDisposeScope();
        var view = Render(map, frame, pose, sampling, stride, fused);
        return (view.Depth - frame.Depth.index_select(0, view.Pixels)).abs().mean().item<float>();
    }
}
