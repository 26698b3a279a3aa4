namespace NiceSlam.Data.Synthetic;

/// <summary>An axis-aligned box in world coordinates (metres): the extent of the synthetic scene.</summary>
public readonly record struct SceneBounds
{
    public SceneBounds(Vec3 min, Vec3 max)
    {
        if (!(max.X > min.X && max.Y > min.Y && max.Z > min.Z))
            throw new ArgumentException($"bounds max {max} must exceed min {min} on every axis");
        Min = min;
        Max = max;
    }

    public Vec3 Min { get; }
    public Vec3 Max { get; }

    public Vec3 Size => Max - Min;

    public Vec3 Centre => 0.5 * (Min + Max);

    /// <summary>True when <paramref name="p"/> lies inside, at least <paramref name="margin"/> from every face.</summary>
    public bool Contains(Vec3 p, double margin = 0) =>
        p.X >= Min.X + margin && p.X <= Max.X - margin && p.Y >= Min.Y + margin && p.Y <= Max.Y - margin
        && p.Z >= Min.Z + margin && p.Z <= Max.Z - margin;

    /// <summary>The bounds as [[xmin, xmax], [ymin, ymax], [zmin, zmax]] (NICE-SLAM's config layout).</summary>
    public double[][] ToArray() => [[Min.X, Max.X], [Min.Y, Max.Y], [Min.Z, Max.Z]];

    /// <summary>The same box as the map's bounds type.</summary>
    public Core.Map.Bounds3 ToBounds3() => new(Min.X, Min.Y, Min.Z, Max.X, Max.Y, Max.Z);

    public override string ToString() => $"{Min} .. {Max}";
}
