using NiceSlam.Core.Compute;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Rendering;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tracking;

/// <summary>
/// Frame-to-model reference (KinectFusion's idea on the neural map): depth and colour rendered from the map at the
/// predicted pose, at one pyramid level's resolution, as a pyramid the odometry aligns the frame to. Rays are
/// guided by the incoming frame's own depth at that level (near-surface samples around it, as every render of the
/// method is guided by a measured depth); pixels without depth, or whose ray leaves the map, have no reference.
/// </summary>
internal static class RenderedReference
{
    private const int ChunkRays = 2048;

    /// <summary>The map rendered at <paramref name="pose"/> with the camera and depth guide of
    /// <paramref name="guide"/> (a level of the incoming frame's pyramid): a pyramid of
    /// <paramref name="levels"/> levels whose level 0 has <paramref name="guide"/>'s size.</summary>
    public static RgbdPyramid Render(HierarchicalMap map, PyramidLevel guide, RigidTransform pose, RaySampling sampling, int levels)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var s = new HeldScalars();
        var k = guide.Intrinsics;
        var renderer = new VolumeRenderer(map.Bounds, sampling);
        var guideDepth = guide.Depth.reshape(-1);                                                      // [H*W]
        var pixels = (guideDepth > HeldScalars.Zero).nonzero().squeeze(1);                                            // [P]
        var depth = zeros(k.Height * k.Width, float32, guideDepth.device);
        var color = zeros(k.Height * k.Width, 3, float32, guideDepth.device);
        for (long start = 0; start < pixels.shape[0]; start += ChunkRays)
        {
            var chunk = pixels.narrow(0, start, Math.Min(ChunkRays, pixels.shape[0] - start));
            var u = chunk.remainder(s.Integer(k.Width)).to(float32);
            var v = chunk.div(s.Integer(k.Width), rounding_mode: RoundingMode.floor).to(float32);
            var (origins, directions) = PinholeCamera.PixelRays(u, v, k, pose);
            var r = renderer.Render(origins, directions, guideDepth.index_select(0, chunk), p => map.Logit(MapLevel.Fine, p), map.Rgb);
            var keep = r.InsideBounds & r.Depth.isfinite();
            depth.index_put_(where(keep, r.Depth, zeros_like(r.Depth)), chunk);
            color.index_put_(r.Color!.clamp(HeldScalars.Zero, HeldScalars.One), chunk);
        }
        return new RgbdPyramid(depth.reshape(k.Height, k.Width), color.reshape(k.Height, k.Width, 3), k, levels);
    }
}
