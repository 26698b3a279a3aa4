using NiceSlam.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Synthetic;

/// <summary>A solid box with half extents <see cref="HalfSize"/> around <see cref="Centre"/>, rotated by
/// <see cref="Yaw"/> radians about the world z axis (a table, a cabinet). Intersection by the slab method in the
/// box's frame.</summary>
public sealed class BoxPrimitive : ScenePrimitive
{
    private readonly double cos, sin;

    public BoxPrimitive(string name, Vec3 centre, Vec3 halfSize, double yaw, ProceduralTexture texture) : base(name, texture)
    {
        if (!(halfSize.X > 0 && halfSize.Y > 0 && halfSize.Z > 0)) throw new ArgumentOutOfRangeException(nameof(halfSize), "half extents must be positive");
        Centre = centre;
        HalfSize = halfSize;
        Yaw = yaw;
        cos = Math.Cos(yaw);
        sin = Math.Sin(yaw);
    }

    public Vec3 Centre { get; }
    public Vec3 HalfSize { get; }
    public double Yaw { get; }

    /// <summary>Axis-aligned bounds of the rotated box (min, max).</summary>
    public (Vec3 Min, Vec3 Max) Bounds()
    {
        double ex = Math.Abs(cos) * HalfSize.X + Math.Abs(sin) * HalfSize.Y;
        double ey = Math.Abs(sin) * HalfSize.X + Math.Abs(cos) * HalfSize.Y;
        var e = new Vec3(ex, ey, HalfSize.Z);
        return (Centre - e, Centre + e);
    }

    public override Tensor Intersect(Tensor origins, Tensor directions, double time)
    {
        using var hs = new HeldScalars();
        var o = ToLocal(origins - Constant(Centre, origins));                // [N, 3]
        var d = ToLocal(directions);                                          // [N, 3]
        d = torch.where(d.abs() < hs[1e-12], torch.full_like(d, hs[1e-12]), d); // no division by zero
        var h = Constant(HalfSize, origins);                                  // [3]
        var t1 = (-h - o) / d;                                                // [N, 3]
        var t2 = (h - o) / d;                                                 // [N, 3]
        var tNear = torch.minimum(t1, t2).amax(1);                            // [N]
        var tFar = torch.maximum(t1, t2).amin(1);                             // [N]
        return HitOrMiss((tNear <= tFar) & (tNear > hs[MinDistance]), tNear);
    }

    /// <summary>|signed distance| in the box's frame: outside, the length of the excess over the half extents; inside,
    /// the distance to the nearest face.</summary>
    public override Tensor Distance(Tensor points, double time)
    {
        using var hs = new HeldScalars();
        var q = ToLocal(points - Constant(Centre, points)).abs() - Constant(HalfSize, points); // [N, 3]
        var outside = q.clamp_min(hs[0.0]).norm(1);                                           // [N]
        var inside = q.amax(1).clamp_max(hs[0.0]);                                            // [N] <= 0
        return outside.add(inside, HeldScalars.One).abs();
    }

    public override Tensor Normal(Tensor points, double time)
    {
        var q = ToLocal(points - Constant(Centre, points)) / Constant(HalfSize, points); // [N, 3] in [-1, 1]
        var axis = q.abs().argmax(1);                                                     // [N]
        var local = torch.nn.functional.one_hot(axis, 3).to(q.dtype) * q.sign();          // [N, 3]
        return FromLocal(local);
    }

    /// <summary>World vectors [N, 3] -> box frame (rotation by -yaw about z).</summary>
    private Tensor ToLocal(Tensor v)
    {
        using var hs = new HeldScalars();
        var x = v[.., 0];
        var y = v[.., 1];
        return torch.stack([x.mul(hs[cos]).add(y.mul(hs[sin]), HeldScalars.One), y.mul(hs[cos]) - x.mul(hs[sin]), v[.., 2]], 1); // [N, 3]
    }

    private Tensor FromLocal(Tensor v)
    {
        using var hs = new HeldScalars();
        var x = v[.., 0];
        var y = v[.., 1];
        return torch.stack([x.mul(hs[cos]) - y.mul(hs[sin]), x.mul(hs[sin]).add(y.mul(hs[cos]), HeldScalars.One), v[.., 2]], 1); // [N, 3]
    }
}
