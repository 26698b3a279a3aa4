using NiceSlam.Core.Map;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Scenes;

/// <summary>A ball given by its centre and radius.</summary>
public sealed class SolidSphere : ISolid
{
    public SolidSphere(double centreX, double centreY, double centreZ, double radius)
    {
        if (!(radius > 0) || !double.IsFinite(centreX + centreY + centreZ + radius)) throw new ArgumentException($"sphere needs a finite centre and a positive radius, got {radius}");
        (CentreX, CentreY, CentreZ, Radius) = (centreX, centreY, centreZ, radius);
        Bounds = new Bounds3(centreX - radius, centreY - radius, centreZ - radius, centreX + radius, centreY + radius, centreZ + radius);
    }

    public double CentreX { get; }
    public double CentreY { get; }
    public double CentreZ { get; }
    public double Radius { get; }
    public Bounds3 Bounds { get; }
    public double SurfaceArea => 4 * Math.PI * Radius * Radius;

    public Tensor Contains(Tensor points) => Contains(points, 0);

    public Tensor Contains(Tensor points, double tolerance)
    {
        using var scope = NewDisposeScope();
        var (dx, dy, dz) = SolidOffsets.From(points, CentreX, CentreY, CentreZ);
        double r = Radius + tolerance;
        return (dx * dx + dy * dy + dz * dz <= r * r).MoveToOuterDisposeScope();
    }

    public Tensor SampleSurface(int count, Generator generator)
    {
        using var scope = NewDisposeScope();
        // A normalised isotropic Gaussian is uniform on the sphere; a zero draw has probability zero in float64.
        var direction = nn.functional.normalize(randn(new long[] { count, 3 }, ScalarType.Float64, generator: generator), dim: 1);
        var centre = tensor(new[] { CentreX, CentreY, CentreZ }, ScalarType.Float64);
        return (direction * Radius + centre).MoveToOuterDisposeScope();
    }

    public override string ToString() => $"Sphere(centre ({CentreX:F3}, {CentreY:F3}, {CentreZ:F3}), r {Radius:F3})";
}
