using NiceSlam.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Synthetic;

/// <summary>A vertical capped cylinder: axis through (<see cref="CentreX"/>, <see cref="CentreY"/>), radius
/// <see cref="Radius"/>, from height <see cref="Bottom"/> to <see cref="Top"/>.</summary>
public sealed class CylinderPrimitive : ScenePrimitive
{
    public CylinderPrimitive(string name, double centreX, double centreY, double radius, double bottom, double top, ProceduralTexture texture)
        : base(name, texture)
    {
        if (!(radius > 0)) throw new ArgumentOutOfRangeException(nameof(radius), "radius must be positive");
        if (!(top > bottom)) throw new ArgumentOutOfRangeException(nameof(top), "top must be above bottom");
        (CentreX, CentreY, Radius, Bottom, Top) = (centreX, centreY, radius, bottom, top);
    }

    public double CentreX { get; }
    public double CentreY { get; }
    public double Radius { get; }
    public double Bottom { get; }
    public double Top { get; }

    public override Tensor Intersect(Tensor origins, Tensor directions, double time)
    {
        using var hs = new HeldScalars();
        var ox = origins[.., 0].sub(hs[CentreX]);                            // [N]
        var oy = origins[.., 1].sub(hs[CentreY]);                            // [N]
        var oz = origins[.., 2];                                             // [N]
        var dx = directions[.., 0];
        var dy = directions[.., 1];
        var dz = directions[.., 2];

        // Side: |o_xy + t d_xy|² = r², nearest root with the hit between the caps.
        var a = (dx * dx).add(dy * dy, HeldScalars.One);                     // [N]
        var b = (ox * dx).add(oy * dy, HeldScalars.One);                     // [N]
        var c = (ox * ox).add(oy * oy, HeldScalars.One).sub(hs[Radius * Radius]); // [N]
        var discriminant = b * b - a * c;                                    // [N]
        var safeA = torch.where(a > hs[1e-12], a, torch.ones_like(a));
        var tSide = (-b - discriminant.clamp_min(hs[0.0]).sqrt()) / safeA;   // [N]
        var zSide = oz.add(tSide * dz, HeldScalars.One);                     // [N]
        var side = HitOrMiss((a > hs[1e-12]) & (discriminant >= HeldScalars.Zero) & (tSide > hs[MinDistance])
            & (zSide >= hs[Bottom]) & (zSide <= hs[Top]), tSide);

        // Caps: planes z = Top (seen from above) and z = Bottom (seen from below), inside the radius.
        var safeDz = torch.where(dz.abs() > hs[1e-12], dz, torch.full_like(dz, hs[1e-12]));
        Tensor Cap(double height, Tensor facing) // called below, inside the scope of hs
        {
            var t = oz.negative().add(hs[height], HeldScalars.One) / safeDz; // [N] (height - oz) / dz
            var px = ox.add(t * dx, HeldScalars.One);
            var py = oy.add(t * dy, HeldScalars.One);
            return HitOrMiss(facing & (t > hs[MinDistance]) & ((px * px).add(py * py, HeldScalars.One) <= hs[Radius * Radius]), t);
        }
        var top = Cap(Top, dz < hs[-1e-12]);
        var bottom = Cap(Bottom, dz > hs[1e-12]);
        return torch.minimum(side, torch.minimum(top, bottom));             // [N]
    }

    /// <summary>|signed distance| of the capped cylinder: in the (radial, height) half-plane, a box of half extents
    /// (radius, half height).</summary>
    public override Tensor Distance(Tensor points, double time)
    {
        using var hs = new HeldScalars();
        var dx = points[.., 0].sub(hs[CentreX]);                              // [N]
        var dy = points[.., 1].sub(hs[CentreY]);                              // [N]
        var radial = (dx * dx).add(dy * dy, HeldScalars.One).sqrt().sub(hs[Radius]); // [N]
        var height = points[.., 2].sub(hs[(Top + Bottom) / 2]).abs().sub(hs[(Top - Bottom) / 2]); // [N]
        var q = torch.stack([radial, height], 1);                             // [N, 2]
        var outside = q.clamp_min(hs[0.0]).norm(1);
        var inside = q.amax(1).clamp_max(hs[0.0]);
        return outside.add(inside, HeldScalars.One).abs();
    }

    public override Tensor Normal(Tensor points, double time)
    {
        using var hs = new HeldScalars();
        var rx = points[.., 0].sub(hs[CentreX]).div(hs[Radius]);              // [N]
        var ry = points[.., 1].sub(hs[CentreY]).div(hs[Radius]);              // [N]
        var z = points[.., 2];
        var radial = torch.stack([rx, ry, torch.zeros_like(rx)], 1);          // [N, 3]
        var up = torch.zeros_like(radial);
        up[.., 2] = torch.ones_like(rx);
        var onTop = (z.sub(hs[Top]).abs() < hs[1e-7]).unsqueeze(1);          // [N, 1]
        var onBottom = (z.sub(hs[Bottom]).abs() < hs[1e-7]).unsqueeze(1);
        return torch.where(onTop, up, torch.where(onBottom, -up, radial));
    }
}
