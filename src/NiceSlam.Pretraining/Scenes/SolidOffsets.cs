using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Scenes;

/// <summary>Per-axis offsets of points from a solid's centre, in float64 (what every inside test starts from).</summary>
internal static class SolidOffsets
{
    /// <summary>points [N, 3] -> (dx, dy, dz), each [N] float64.</summary>
    public static (Tensor Dx, Tensor Dy, Tensor Dz) From(Tensor points, double centreX, double centreY, double centreZ)
    {
        var p = points.to(ScalarType.Float64);
        return (p[.., 0] - centreX, p[.., 1] - centreY, p[.., 2] - centreZ);
    }
}
