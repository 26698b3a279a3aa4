namespace NiceSlam.Data.Synthetic;

/// <summary>A 3-vector of doubles (a world point or direction).</summary>
public readonly record struct Vec3(double X, double Y, double Z)
{
    public static Vec3 UnitX { get; } = new(1, 0, 0);
    public static Vec3 UnitY { get; } = new(0, 1, 0);
    public static Vec3 UnitZ { get; } = new(0, 0, 1);

    public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);

    public Vec3 Normalized()
    {
        double n = Length;
        if (!(n > 1e-15)) throw new ArgumentException($"vector {this} has no direction");
        return new Vec3(X / n, Y / n, Z / n);
    }

    public double Dot(Vec3 o) => X * o.X + Y * o.Y + Z * o.Z;

    public Vec3 Cross(Vec3 o) => new(Y * o.Z - Z * o.Y, Z * o.X - X * o.Z, X * o.Y - Y * o.X);

    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    public static Vec3 operator *(double s, Vec3 a) => new(s * a.X, s * a.Y, s * a.Z);

    public override string ToString() => FormattableString.Invariant($"({X:0.####}, {Y:0.####}, {Z:0.####})");
}
