using NiceSlam.Core.Map;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Scenes;

/// <summary>
/// A closed solid of a training scene, world frame (metres, z up), with an exact, batched inside test and uniform
/// sampling of its surface. Solids are closed sets: points on the surface count as inside.
/// </summary>
public interface ISolid
{
    /// <summary>Surface area, m².</summary>
    double SurfaceArea { get; }

    /// <summary>Axis-aligned bounds of the solid.</summary>
    Bounds3 Bounds { get; }

    /// <summary>Inside test: points [N, 3] (float32 or float64) -> bool [N]; true inside or on the surface.</summary>
    Tensor Contains(Tensor points);

    /// <summary>Inside test for the solid grown by <paramref name="tolerance"/> metres (boxes: every half extent;
    /// spheres and cylinders: radius and half height).</summary>
    Tensor Contains(Tensor points, double tolerance);

    /// <summary>Uniform points on the surface (area-weighted over faces / caps): [count, 3] float64.</summary>
    Tensor SampleSurface(int count, Generator generator);
}
