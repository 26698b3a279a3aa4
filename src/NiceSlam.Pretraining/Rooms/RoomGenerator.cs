namespace NiceSlam.Pretraining.Rooms;

/// <summary>
/// Generates furnished rooms at indoor scales, deterministically from a seed: room 3-8 x 3-7 x 2.4-3.2 m; 8-20 pieces
/// of furniture: tables (top at 0.72-0.78 m on four legs, often with clutter), chairs (seat, back, legs), cabinets and
/// wardrobes against walls, beds and sofas, shelves, lamps (pole and shade), balls, pillars and loose boxes, at random
/// positions and yaws (overlaps are allowed: occupancy stays exact).
/// </summary>
public static class RoomGenerator
{
    public static ProceduralRoom Generate(int seed)
    {
        var r = new Random(seed);
        double W = Uniform(r, 3, 8), D = Uniform(r, 3, 7), H = Uniform(r, 2.4, 3.2);
        var solids = new List<RoomSolid>();
        int pieces = r.Next(8, 21);
        for (int i = 0; i < pieces; i++)
        {
            switch (r.Next(9))
            {
                case 0: Table(r, W, D, solids); break;
                case 1: Chair(r, W, D, solids); break;
                case 2: AgainstWall(r, W, D, solids, Uniform(r, 0.4, 1.2), Uniform(r, 0.3, 0.6), Uniform(r, 0.8, Math.Min(2.1, H - 0.1))); break; // cabinet
                case 3: Floor(r, W, D, solids, Uniform(r, 0.9, 2.0), Uniform(r, 0.8, 2.0), Uniform(r, 0.35, 0.6)); break;                   // bed / sofa
                case 4: Shelf(r, W, D, H, solids); break;
                case 5: Lamp(r, W, D, solids); break;
                case 6: { double radius = Uniform(r, 0.1, 0.4); solids.Add(RoomSolid.Sphere(Uniform(r, radius, W - radius), Uniform(r, radius, D - radius), radius, radius)); break; }
                case 7: { double radius = Uniform(r, 0.15, 0.4); solids.Add(RoomSolid.Cylinder(Uniform(r, radius, W - radius), Uniform(r, radius, D - radius), H / 2, radius, H / 2)); break; } // pillar
                default: Floor(r, W, D, solids, Uniform(r, 0.2, 0.6), Uniform(r, 0.2, 0.6), Uniform(r, 0.15, 0.6)); break;              // box
            }
        }
        return new ProceduralRoom(W, D, H, solids);
    }

    private static double Uniform(Random r, double a, double b) => a + (b - a) * r.NextDouble();

    // A box standing on the floor somewhere in the room.
    private static void Floor(Random r, double W, double D, List<RoomSolid> s, double sx, double sy, double sz)
    {
        double reach = 0.5 * Math.Sqrt(sx * sx + sy * sy);
        s.Add(RoomSolid.Box(Uniform(r, reach, Math.Max(reach, W - reach)), Uniform(r, reach, Math.Max(reach, D - reach)), sz / 2, sx / 2, sy / 2, sz / 2, Uniform(r, 0, Math.PI)));
    }

    private static void AgainstWall(Random r, double W, double D, List<RoomSolid> s, double sx, double sy, double sz)
    {
        int wall = r.Next(4);
        double along = wall < 2 ? Uniform(r, sx / 2, W - sx / 2) : Uniform(r, sx / 2, D - sx / 2);
        var (x, y, yaw) = wall switch
        {
            0 => (along, sy / 2, 0.0),
            1 => (along, D - sy / 2, 0.0),
            2 => (sy / 2, along, Math.PI / 2),
            _ => (W - sy / 2, along, Math.PI / 2),
        };
        s.Add(RoomSolid.Box(x, y, sz / 2, sx / 2, sy / 2, sz / 2, yaw));
    }

    private static void Table(Random r, double W, double D, List<RoomSolid> s)
    {
        double lx = Uniform(r, 0.8, 1.6), ly = Uniform(r, 0.6, 1.0), h = Uniform(r, 0.72, 0.78), yaw = Uniform(r, 0, Math.PI);
        double reach = 0.5 * Math.Sqrt(lx * lx + ly * ly);
        double cx = Uniform(r, reach, Math.Max(reach, W - reach)), cy = Uniform(r, reach, Math.Max(reach, D - reach));
        s.Add(RoomSolid.Box(cx, cy, h - 0.02, lx / 2, ly / 2, 0.02, yaw));
        Legs(s, cx, cy, lx / 2 - 0.05, ly / 2 - 0.05, h - 0.04, 0.025, yaw);
        for (int k = r.Next(0, 3); k > 0; k--) // clutter on the top
        {
            double bx = Uniform(r, -lx / 2 + 0.15, lx / 2 - 0.15), by = Uniform(r, -ly / 2 + 0.15, ly / 2 - 0.15), bz = Uniform(r, 0.05, 0.3);
            var (wx, wy) = Rotate(bx, by, yaw);
            s.Add(r.Next(2) == 0
                ? RoomSolid.Box(cx + wx, cy + wy, h + bz / 2, Uniform(r, 0.05, 0.15), Uniform(r, 0.05, 0.15), bz / 2, Uniform(r, 0, Math.PI))
                : RoomSolid.Cylinder(cx + wx, cy + wy, h + bz / 2, Uniform(r, 0.03, 0.1), bz / 2));
        }
    }

    private static void Chair(Random r, double W, double D, List<RoomSolid> s)
    {
        double size = Uniform(r, 0.4, 0.5), seat = Uniform(r, 0.42, 0.48), yaw = Uniform(r, 0, 2 * Math.PI);
        double cx = Uniform(r, 0.4, W - 0.4), cy = Uniform(r, 0.4, D - 0.4);
        s.Add(RoomSolid.Box(cx, cy, seat - 0.025, size / 2, size / 2, 0.025, yaw));
        var (bx, by) = Rotate(-size / 2 + 0.025, 0, yaw);
        double back = Uniform(r, 0.35, 0.5);
        s.Add(RoomSolid.Box(cx + bx, cy + by, seat + back / 2, 0.025, size / 2, back / 2, yaw));
        Legs(s, cx, cy, size / 2 - 0.03, size / 2 - 0.03, seat - 0.05, 0.02, yaw);
    }

    private static void Shelf(Random r, double W, double D, double H, List<RoomSolid> s)
    {
        double sx = Uniform(r, 0.6, 1.2), sy = Uniform(r, 0.25, 0.4), sz = Uniform(r, 1.0, Math.Min(2.0, H - 0.1));
        int wall = r.Next(2);
        double x = wall == 0 ? Uniform(r, sx / 2, W - sx / 2) : sy / 2, y = wall == 0 ? sy / 2 : Uniform(r, sx / 2, D - sx / 2);
        double yaw = wall == 0 ? 0 : Math.PI / 2;
        var (ox, oy) = Rotate(sx / 2 - 0.02, 0, yaw);
        s.Add(RoomSolid.Box(x + ox, y + oy, sz / 2, 0.02, sy / 2, sz / 2, yaw));   // side panels
        s.Add(RoomSolid.Box(x - ox, y - oy, sz / 2, 0.02, sy / 2, sz / 2, yaw));
        int boards = r.Next(3, 6);
        for (int k = 0; k < boards; k++)
            s.Add(RoomSolid.Box(x, y, 0.02 + k * (sz - 0.04) / (boards - 1), sx / 2, sy / 2, 0.02, yaw));
    }

    private static void Lamp(Random r, double W, double D, List<RoomSolid> s)
    {
        double h = Uniform(r, 1.2, 1.7), x = Uniform(r, 0.3, W - 0.3), y = Uniform(r, 0.3, D - 0.3);
        s.Add(RoomSolid.Cylinder(x, y, h / 2, 0.02, h / 2));
        s.Add(RoomSolid.Cylinder(x, y, 0.015, 0.15, 0.015));        // base
        s.Add(RoomSolid.Sphere(x, y, h, Uniform(r, 0.1, 0.2)));      // shade
    }

    private static void Legs(List<RoomSolid> s, double cx, double cy, double ox, double oy, double height, double half, double yaw)
    {
        foreach (var (lx, ly) in new[] { (ox, oy), (-ox, oy), (ox, -oy), (-ox, -oy) })
        {
            var (wx, wy) = Rotate(lx, ly, yaw);
            s.Add(RoomSolid.Box(cx + wx, cy + wy, height / 2, half, half, height / 2, yaw));
        }
    }

    private static (double X, double Y) Rotate(double x, double y, double yaw) =>
        (x * Math.Cos(yaw) - y * Math.Sin(yaw), x * Math.Sin(yaw) + y * Math.Cos(yaw));
}
