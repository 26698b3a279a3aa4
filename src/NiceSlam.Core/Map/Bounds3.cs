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

    /// <summary>The same box grown by <paramref name="margin"/> on every side.</summary>
    public Bounds3 Expanded(double margin) => new(MinX - margin, MinY - margin, MinZ - margin, MaxX + margin, MaxY + margin, MaxZ + margin);
}
