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
        var ox = origins[.., 0] - CentreX;                                   // [N]
        var oy = origins[.., 1] - CentreY;                                   // [N]
        var oz = origins[.., 2];                                             // [N]
        var dx = directions[.., 0];
        var dy = directions[.., 1];
        var dz = directions[.., 2];

        // Side: |o_xy + t d_xy|² = r², nearest root with the hit between the caps.
        var a = dx * dx + dy * dy;                                           // [N]
        var b = ox * dx + oy * dy;                                           // [N]
        var c = ox * ox + oy * oy - Radius * Radius;                         // [N]
        var discriminant = b * b - a * c;                                    // [N]
        var safeA = torch.where(a > 1e-12, a, torch.ones_like(a));
        var tSide = (-b - discriminant.clamp_min(0.0).sqrt()) / safeA;       // [N]
        var zSide = oz + tSide * dz;
        var side = HitOrMiss((a > 1e-12) & (discriminant >= 0) & (tSide > MinDistance) & (zSide >= Bottom) & (zSide <= Top), tSide);

        // Caps: planes z = Top (seen from above) and z = Bottom (seen from below), inside the radius.
        var safeDz = torch.where(dz.abs() > 1e-12, dz, torch.full_like(dz, 1e-12));
        Tensor Cap(double height, Tensor facing)
        {
            var t = (height - oz) / safeDz;                                  // [N]
            var px = ox + t * dx;
            var py = oy + t * dy;
            return HitOrMiss(facing & (t > MinDistance) & (px * px + py * py <= Radius * Radius), t);
        }
        var top = Cap(Top, dz < -1e-12);
        var bottom = Cap(Bottom, dz > 1e-12);
        return torch.minimum(side, torch.minimum(top, bottom));             // [N]
    }

    /// <summary>|signed distance| of the capped cylinder: in the (radial, height) half-plane, a box of half extents
    /// (radius, half height).</summary>
    public override Tensor Distance(Tensor points, double time)
    {
        var dx = points[.., 0] - CentreX;                                     // [N]
        var dy = points[.., 1] - CentreY;                                     // [N]
        var radial = (dx * dx + dy * dy).sqrt() - Radius;                     // [N]
        var height = (points[.., 2] - (Top + Bottom) / 2).abs() - (Top - Bottom) / 2; // [N]
        var q = torch.stack([radial, height], 1);                             // [N, 2]
        var outside = q.clamp_min(0.0).norm(1);
        var inside = q.amax(1).clamp_max(0.0);
        return (outside + inside).abs();
    }

    public override Tensor Normal(Tensor points, double time)
    {
        var rx = (points[.., 0] - CentreX) / Radius;                          // [N]
        var ry = (points[.., 1] - CentreY) / Radius;                          // [N]
        var z = points[.., 2];
        var radial = torch.stack([rx, ry, torch.zeros_like(rx)], 1);          // [N, 3]
        var up = torch.zeros_like(radial);
        up[.., 2] = torch.ones_like(rx);
        var onTop = ((z - Top).abs() < 1e-7).unsqueeze(1);                    // [N, 1]
        var onBottom = ((z - Bottom).abs() < 1e-7).unsqueeze(1);
        return torch.where(onTop, up, torch.where(onBottom, -up, radial));
    }
}
