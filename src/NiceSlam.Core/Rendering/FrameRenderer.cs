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
    public static RenderedView Render(HierarchicalMap map, FrameTensors frame, RigidTransform pose, RaySampling sampling, int stride = 1)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var renderer = new VolumeRenderer(map.Bounds, sampling);
        var pixels = frame.ValidPixels.index_select(0, arange(0, frame.ValidCount, Math.Max(1, stride), int64, frame.ValidPixels.device));
        var depths = new List<Tensor>();
        var colors = new List<Tensor>();
        using var poseTensor = new PoseTensor(pose, map.Device, requiresGrad: false);
        for (long start = 0; start < pixels.shape[0]; start += ChunkRays)
        {
            var chunk = pixels.narrow(0, start, Math.Min(ChunkRays, pixels.shape[0] - start));
            var rays = RayBatch.From(frame, chunk, poseTensor);
            var r = renderer.Render(rays.Origins, rays.Directions, rays.Depth, p => map.Logit(MapLevel.Fine, p), map.Rgb);
            depths.Add(r.Depth);
            colors.Add(r.Color!);
        }
        return new RenderedView(pixels.MoveToOuterDisposeScope(), cat(depths, 0).MoveToOuterDisposeScope(), cat(colors, 0).MoveToOuterDisposeScope());
    }

    /// <summary>Mean |D - D̂| over the rendered pixels of <paramref name="frame"/> (those with valid depth), metres.</summary>
    public static double DepthL1(HierarchicalMap map, FrameTensors frame, RigidTransform pose, RaySampling sampling, int stride = 1)
    {
        using var scope = NewDisposeScope();
        var view = Render(map, frame, pose, sampling, stride);
        return (view.Depth - frame.Depth.index_select(0, view.Pixels)).abs().mean().item<float>();
    }
}
