using NiceSlam.Core.Compute;
using NiceSlam.Core.Geometry;
using static TorchSharp.torch;

namespace NiceSlam.Core.Meshing;

/// <summary>
/// Which world points a set of <see cref="CullingView"/>s observed: a point is seen by a view when it projects inside
/// that view's image onto a pixel with a valid depth measurement, lies in front of the camera, and is no farther
/// than <c>margin</c> behind the measured depth. The mesher culls faces with it and the occupancy projection marks
/// observed lattice points with it.
/// </summary>
internal static class ViewVisibility
{
    /// <summary>bool [N]: whether some view sees each world point of <paramref name="points"/> [N, 3] (float32, on
    /// the views' device). Allocates in the caller's dispose scope; call under no_grad.</summary>
    public static Tensor Seen(Tensor points, IReadOnlyList<CullingView> views, double margin)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(views);
        if (points.dim() != 2 || points.shape[1] != 3)
            throw new ArgumentException($"points must be [N, 3], got [{string.Join(", ", points.shape)}]", nameof(points));
        if (!(margin >= 0)) throw new ArgumentOutOfRangeException(nameof(margin), $"margin must be >= 0 metres, got {margin}");
        var seen = zeros(points.shape[0], ScalarType.Bool, points.device);                       // [N]
        foreach (var view in views)
        {
            // Each view's projections go when it is done: kept to the caller's scope they were N x ~80 bytes a view
            // (2.1 GB of native heap in use meshing a 3-room tour's map with 92 keyframes).
            using var perView = NewDisposeScope();
            var f = view.Frame;
            var camera = PinholeCamera.Transform(points, view.CameraToWorld.Inverse());         // [N, 3]
            var (u, v, z) = PinholeCamera.Project(camera, f.Intrinsics);                        // [N] each
            var (measured, inImage) = f.DepthAt(u, v);                                           // [N] each
            using var s = new HeldScalars();
            seen.logical_or_(inImage & (z > HeldScalars.Zero) & (measured > HeldScalars.Zero) & (z <= measured.add(s[margin], HeldScalars.One)));
        }
        return seen;
    }
}
