namespace NiceSlam.Pretraining.Rooms;

/// <summary>The primitive shapes furniture is built from.</summary>
public enum SolidShape { Box, Sphere, Cylinder }

/// <summary>
/// One solid of a procedural room, world frame z up. Box: centre, half extents, yaw about z. Sphere: centre and
/// radius (HalfX). Cylinder: vertical, centre of its axis, radius (HalfX) and half height (HalfZ).
/// </summary>
public readonly record struct RoomSolid(SolidShape Shape, double X, double Y, double Z, double HalfX, double HalfY, double HalfZ, double Yaw = 0)
{
    public static RoomSolid Box(double x, double y, double z, double hx, double hy, double hz, double yaw = 0) => new(SolidShape.Box, x, y, z, hx, hy, hz, yaw);
    public static RoomSolid Sphere(double x, double y, double z, double radius) => new(SolidShape.Sphere, x, y, z, radius, radius, radius);
    public static RoomSolid Cylinder(double x, double y, double z, double radius, double halfHeight) => new(SolidShape.Cylinder, x, y, z, radius, radius, halfHeight);

    /// <summary>Surface area, m².</summary>
    public double Area => Shape switch
    {
        SolidShape.Box => 8 * (HalfX * HalfY + HalfY * HalfZ + HalfX * HalfZ),
        SolidShape.Sphere => 4 * Math.PI * HalfX * HalfX,
        _ => 2 * Math.PI * HalfX * 2 * HalfZ + 2 * Math.PI * HalfX * HalfX,
    };

    /// <summary>Highest point, m.</summary>
    public double Top => Z + HalfZ;
}
