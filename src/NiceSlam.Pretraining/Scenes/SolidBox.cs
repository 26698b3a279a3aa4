using NiceSlam.Core.Map;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Scenes;

/// <summary>A box given by its centre, half extents in its own frame and a yaw (radians) about the world z axis.</summary>
public sealed class SolidBox : ISolid
{
    private readonly double cos, sin;

    public SolidBox(double centreX, double centreY, double centreZ, double halfX, double halfY, double halfZ, double yaw = 0)
    {
        if (!(halfX > 0 && halfY > 0 && halfZ > 0)) throw new ArgumentException($"half extents must be positive, got ({halfX}, {halfY}, {halfZ})");
        if (!double.IsFinite(centreX + centreY + centreZ + halfX + halfY + halfZ + yaw)) throw new ArgumentException("box parameters must be finite");
        (CentreX, CentreY, CentreZ, HalfX, HalfY, HalfZ, Yaw) = (centreX, centreY, centreZ, halfX, halfY, halfZ, yaw);
        (cos, sin) = ExactCosSin(yaw);
        double ex = Math.Abs(cos) * halfX + Math.Abs(sin) * halfY, ey = Math.Abs(sin) * halfX + Math.Abs(cos) * halfY;
        Bounds = new Bounds3(centreX - ex, centreY - ey, centreZ - halfZ, centreX + ex, centreY + ey, centreZ + halfZ);
    }

    /// <summary>An axis-aligned box from its corners.</summary>
    public static SolidBox FromMinMax(double minX, double minY, double minZ, double maxX, double maxY, double maxZ) =>
        new((minX + maxX) / 2, (minY + maxY) / 2, (minZ + maxZ) / 2, (maxX - minX) / 2, (maxY - minY) / 2, (maxZ - minZ) / 2);

    public double CentreX { get; }
    public double CentreY { get; }
    public double CentreZ { get; }
    public double HalfX { get; }
    public double HalfY { get; }
    public double HalfZ { get; }
    public double Yaw { get; }
    public Bounds3 Bounds { get; }
    public double SurfaceArea => 8 * (HalfX * HalfY + HalfY * HalfZ + HalfX * HalfZ);

    public Tensor Contains(Tensor points) => Contains(points, 0);

    public Tensor Contains(Tensor points, double tolerance)
    {
        using var scope = NewDisposeScope();
        var (dx, dy, dz) = SolidOffsets.From(points, CentreX, CentreY, CentreZ);
        var lx = dx * cos + dy * sin;   // into the box frame: rotate by -yaw
        var ly = dy * cos - dx * sin;
        var inside = (lx.abs() <= HalfX + tolerance) & (ly.abs() <= HalfY + tolerance) & (dz.abs() <= HalfZ + tolerance);
        return inside.MoveToOuterDisposeScope();
    }

    public Tensor SampleSurface(int count, Generator generator)
    {
        using var scope = NewDisposeScope();
        double ax = 4 * HalfY * HalfZ, ay = 4 * HalfX * HalfZ, az = 4 * HalfX * HalfY;
        // Faces -x, +x, -y, +y, -z, +z.
        var face = SurfaceChoice.Draw([ax, ax, ay, ay, az, az], count, generator);
        var half = tensor(new[] { HalfX, HalfY, HalfZ }, ScalarType.Float64);
        var local = (rand(new long[] { count, 3 }, ScalarType.Float64, generator: generator) * 2 - 1) * half;
        var axis = face.div(2, rounding_mode: RoundingMode.floor);
        var sign = face.remainder(2).to(ScalarType.Float64) * 2 - 1;
        var onFace = nn.functional.one_hot(axis, 3).to(ScalarType.Bool);
        local = where(onFace, sign.unsqueeze(1) * half, local);
        var x = local[.., 0] * cos - local[.., 1] * sin + CentreX;
        var y = local[.., 0] * sin + local[.., 1] * cos + CentreY;
        var z = local[.., 2] + CentreZ;
        return stack([x, y, z], 1).MoveToOuterDisposeScope();
    }

    /// <summary>Cosine and sine with exact values at multiples of 90° (walls, axis-aligned furniture).</summary>
    internal static (double Cos, double Sin) ExactCosSin(double angle)
    {
        double quarter = angle / (Math.PI / 2);
        double k = Math.Round(quarter);
        if (Math.Abs(quarter - k) < 1e-12)
            return ((((long)k % 4) + 4) % 4) switch { 0 => (1, 0), 1 => (0, 1), 2 => (-1, 0), _ => (0, -1) };
        return (Math.Cos(angle), Math.Sin(angle));
    }

    public override string ToString() => $"Box(centre ({CentreX:F3}, {CentreY:F3}, {CentreZ:F3}), half ({HalfX:F3}, {HalfY:F3}, {HalfZ:F3}), yaw {Yaw:F3})";
}
