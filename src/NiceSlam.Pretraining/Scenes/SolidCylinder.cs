using NiceSlam.Core.Map;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Scenes;

/// <summary>A vertical capped cylinder: axis along z through (centre x, centre y), from centre z - half height to centre z + half height.</summary>
public sealed class SolidCylinder : ISolid
{
    public SolidCylinder(double centreX, double centreY, double centreZ, double radius, double halfHeight)
    {
        if (!(radius > 0 && halfHeight > 0) || !double.IsFinite(centreX + centreY + centreZ + radius + halfHeight))
            throw new ArgumentException($"cylinder needs a finite centre, positive radius and half height, got {radius}, {halfHeight}");
        (CentreX, CentreY, CentreZ, Radius, HalfHeight) = (centreX, centreY, centreZ, radius, halfHeight);
        Bounds = new Bounds3(centreX - radius, centreY - radius, centreZ - halfHeight, centreX + radius, centreY + radius, centreZ + halfHeight);
    }

    /// <summary>A cylinder standing on z = <paramref name="bottomZ"/> with the given height.</summary>
    public static SolidCylinder Standing(double x, double y, double bottomZ, double radius, double height) =>
        new(x, y, bottomZ + height / 2, radius, height / 2);

    public double CentreX { get; }
    public double CentreY { get; }
    public double CentreZ { get; }
    public double Radius { get; }
    public double HalfHeight { get; }
    public Bounds3 Bounds { get; }
    public double SideArea => 2 * Math.PI * Radius * 2 * HalfHeight;
    public double CapArea => Math.PI * Radius * Radius;
    public double SurfaceArea => SideArea + 2 * CapArea;

    public Tensor Contains(Tensor points) => Contains(points, 0);

    public Tensor Contains(Tensor points, double tolerance)
    {
        using var scope = NewDisposeScope();
        var (dx, dy, dz) = SolidOffsets.From(points, CentreX, CentreY, CentreZ);
        double r = Radius + tolerance;
        return ((dx * dx + dy * dy <= r * r) & (dz.abs() <= HalfHeight + tolerance)).MoveToOuterDisposeScope();
    }

    public Tensor SampleSurface(int count, Generator generator)
    {
        using var scope = NewDisposeScope();
        var part = SurfaceChoice.Draw([SideArea, CapArea, CapArea], count, generator);   // side, bottom, top
        var u = rand(new long[] { count, 3 }, ScalarType.Float64, generator: generator);
        var angle = u[.., 0] * (2 * Math.PI);
        var onSide = part == 0;
        var rho = where(onSide, full_like(angle, Radius), u[.., 1].sqrt() * Radius);   // uniform on a disc: r * sqrt(u)
        var height = where(onSide, (u[.., 2] * 2 - 1) * HalfHeight, where(part == 1, full_like(angle, -HalfHeight), full_like(angle, HalfHeight)));
        var points = stack([rho * angle.cos() + CentreX, rho * angle.sin() + CentreY, height + CentreZ], 1);
        return points.MoveToOuterDisposeScope();
    }

    public override string ToString() => $"Cylinder(centre ({CentreX:F3}, {CentreY:F3}, {CentreZ:F3}), r {Radius:F3}, half height {HalfHeight:F3})";
}
