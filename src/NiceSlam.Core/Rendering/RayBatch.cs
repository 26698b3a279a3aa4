using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Rendering;

/// <summary>
/// Rays through sampled pixels of one frame with what the sensor measured there: origins and directions [R, 3]
/// (differentiable in the pose), depth [R], colour [R, 3].
/// </summary>
internal sealed record RayBatch(Tensor Origins, Tensor Directions, Tensor Depth, Tensor Color)
{
    /// <summary>Rays through <paramref name="pixels"/> (flat indices [R]) of <paramref name="frame"/> seen from
    /// <paramref name="pose"/>.</summary>
    public static RayBatch From(FrameTensors frame, Tensor pixels, PoseTensor pose)
    {
        var (u, v) = frame.PixelCoordinates(pixels);
        var (origins, directions) = pose.PixelRays(u, v, frame.Intrinsics);
        return new RayBatch(origins, directions, frame.Depth.index_select(0, pixels), frame.Color.index_select(0, pixels));
    }

    /// <summary>Concatenation of batches (several frames of a mapping window).</summary>
    public static RayBatch Concat(IReadOnlyList<RayBatch> batches) => batches.Count == 1 ? batches[0] : new RayBatch(
        cat(batches.Select(b => b.Origins).ToArray(), 0), cat(batches.Select(b => b.Directions).ToArray(), 0),
        cat(batches.Select(b => b.Depth).ToArray(), 0), cat(batches.Select(b => b.Color).ToArray(), 0));
}
