namespace NiceSlam.Core.Map;

/// <summary>An axis-aligned box in world coordinates, metres.</summary>
public readonly record struct Bounds3(double MinX, double MinY, double MinZ, double MaxX, double MaxY, double MaxZ)
{
    public double SizeX => MaxX - MinX;
    public double SizeY => MaxY - MinY;
    public double SizeZ => MaxZ - MinZ;

    public void Validate()
    {
        if (!(SizeX > 0 && SizeY > 0 && SizeZ > 0) || !double.IsFinite(MinX + MinY + MinZ + MaxX + MaxY + MaxZ))
            throw new ArgumentException($"bounds must be finite with max > min on every axis, got {this}");
    }

    public override string ToString() => System.FormattableString.Invariant($"[{MinX:0.###}, {MinY:0.###}, {MinZ:0.###}] .. [{MaxX:0.###}, {MaxY:0.###}, {MaxZ:0.###}]");

    /// <summary>True when the point lies inside the box or on its faces.</summary>
    public bool Contains(double x, double y, double z) => x >= MinX && x <= MaxX && y >= MinY && y <= MaxY && z >= MinZ && z <= MaxZ;

    /// <summary>Relative slack for comparisons of extents counted in voxels (rounding of sums of doubles).</summary>
    public const double Tolerance = 1e-6;

    /// <summary>Extents rounded up to a multiple of <paramref name="step"/>, the minimum corner kept.</summary>
    public Bounds3 RoundedUp(double step)
    {
        Validate();
        double Up(double size) => Math.Ceiling(size / step - Tolerance) * step;
        return new Bounds3(MinX, MinY, MinZ, MinX + Up(SizeX), MinY + Up(SizeY), MinZ + Up(SizeZ));
    }

    /// <summary>The smallest box holding this one and <paramref name="other"/>.</summary>
    public Bounds3 Union(Bounds3 other) => new(Math.Min(MinX, other.MinX), Math.Min(MinY, other.MinY), Math.Min(MinZ, other.MinZ),
        Math.Max(MaxX, other.MaxX), Math.Max(MaxY, other.MaxY), Math.Max(MaxZ, other.MaxZ));

    /// <summary>Whether <paramref name="other"/> lies inside this box (faces included).</summary>
    public bool Contains(Bounds3 other) => other.MinX >= MinX && other.MinY >= MinY && other.MinZ >= MinZ
        && other.MaxX <= MaxX && other.MaxY <= MaxY && other.MaxZ <= MaxZ;

    /// <summary>Cubic metres.</summary>
    public double Volume => SizeX * SizeY * SizeZ;

    /// <summary>The same box grown by <paramref name="margin"/> on every side.</summary>
    public Bounds3 Expanded(double margin) => new(MinX - margin, MinY - margin, MinZ - margin, MaxX + margin, MaxY + margin, MaxZ + margin);
}
