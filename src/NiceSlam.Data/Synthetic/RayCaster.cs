using NiceSlam.Core.Compute;
using NiceSlam.Core.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Synthetic;

/// <summary>First hits of a batch of rays: <see cref="Distance"/> [N] along the (unit) ray, +∞ for a miss;
/// <see cref="PrimitiveId"/> [N] int64, index into the primitive list, -1 for a miss; <see cref="Points"/> [N, 3]
/// world hit points (NaN for a miss).</summary>
public sealed record RayHits(Tensor Distance, Tensor PrimitiveId, Tensor Points);

/// <summary>
/// Vectorised ray casting against analytic primitives: every primitive is intersected with all rays at once and
/// the nearest hit wins. Also builds the rays of a pinhole camera. Everything is float64 and allocates in the
/// caller's dispose scope.
/// </summary>
public static class RayCaster
{
    /// <summary>Nearest hits of rays (origins [N, 3], unit directions [N, 3]) among <paramref name="primitives"/>
    /// at <paramref name="time"/>.</summary>
    public static RayHits Cast(IReadOnlyList<ScenePrimitive> primitives, Tensor origins, Tensor directions, double time)
    {
        ArgumentNullException.ThrowIfNull(primitives);
        if (origins.dim() != 2 || origins.shape[1] != 3 || !origins.shape.SequenceEqual(directions.shape))
            throw new ArgumentException($"origins [{string.Join(", ", origins.shape)}] and directions [{string.Join(", ", directions.shape)}] must both be [N, 3]");
        using var hs = new HeldScalars();
        long n = origins.shape[0];
        if (primitives.Count == 0)
        {
            var none = torch.full(n, hs[double.PositiveInfinity], dtype: origins.dtype, device: origins.device);
            return new RayHits(none, torch.full(n, hs.Integer(-1), dtype: int64, device: origins.device),
                torch.full(new long[] { n, 3 }, hs[double.NaN], dtype: origins.dtype, device: origins.device));
        }
        var all = torch.stack(primitives.Select(p => p.Intersect(origins, directions, time)).ToArray(), 1); // [N, P]
        var (distance, index) = all.min(1);                                                                  // [N], [N]
        var hit = distance.isfinite();                                                                       // [N]
        var id = torch.where(hit, index, torch.full_like(index, hs.Integer(-1)));                                     // [N]
        var points = origins.add(directions * distance.unsqueeze(1), HeldScalars.One);                       // [N, 3]
        points = torch.where(hit.unsqueeze(1), points, torch.full_like(points, hs[double.NaN]));
        return new RayHits(distance, id, points);
    }

    /// <summary>The rays through the centres of all pixels of a camera at pose <paramref name="cameraToWorld"/>
    /// (optical frame), row-major: origins [H*W, 3], unit world directions [H*W, 3], and the factor [H*W] that turns
    /// a distance along the ray into depth (the optical z): 1 / |((u - cx) / fx, (v - cy) / fy, 1)|.</summary>
    public static (Tensor Origins, Tensor Directions, Tensor DepthPerDistance) CameraRays(CameraIntrinsics k, RigidTransform cameraToWorld, Device? device = null)
    {
        device ??= CPU;
        using var hs = new HeldScalars();
        var v = torch.arange(HeldScalars.Zero, hs.Integer(k.Height), HeldScalars.One, float64, device).unsqueeze(1).expand(k.Height, k.Width).reshape(-1); // [H*W]
        var u = torch.arange(HeldScalars.Zero, hs.Integer(k.Width), HeldScalars.One, float64, device).unsqueeze(0).expand(k.Height, k.Width).reshape(-1);  // [H*W]
        var (origins, depthRays) = PinholeCamera.PixelRays(u, v, k, cameraToWorld);                          // [H*W, 3], z = 1
        var length = depthRays.norm(1);                                                                       // [H*W]
        var directions = depthRays / length.unsqueeze(1);
        return (origins, directions, length.reciprocal()); // 1 / length
    }
}
