using NiceSlam.Core.Compute;
using NiceSlam.Core.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Data.Synthetic;

/// <summary>
/// The analytic indoor scene of the synthetic sequences, world frame z up, metres: a closed room (floor at z = 0,
/// ceiling, four walls, each with its own procedural texture) with objects of different shapes (a table and a
/// cabinet as boxes, spheres, a rotated cube, a capped cylinder) and, optionally, a sphere that moves along a
/// circle. Surfaces are Lambertian with one fixed directional light plus ambient, so a point's colour does not
/// depend on the view. Rendering is exact: depth is the analytic optical z of the nearest hit at each pixel centre.
/// </summary>
public sealed class SyntheticScene
{
    /// <summary>The default room: 6 x 5 x 2.7 m, centred on the origin in x and y, floor at z = 0.</summary>
    public static SceneBounds DefaultRoom { get; } = new(new Vec3(-3, -2.5, 0), new Vec3(3, 2.5, 2.7));

    private static readonly Vec3 DefaultLight = new Vec3(0.3, -0.4, 0.87).Normalized();

    public SyntheticScene(SceneBounds bounds, IEnumerable<ScenePrimitive> primitives, Vec3? lightDirection = null, double ambient = 0.7)
    {
        ArgumentNullException.ThrowIfNull(primitives);
        Bounds = bounds;
        Primitives = [.. primitives];
        if (Primitives.Count == 0) throw new ArgumentException("a scene needs at least one primitive", nameof(primitives));
        LightDirection = (lightDirection ?? DefaultLight).Normalized();
        if (!(ambient >= 0 && ambient <= 1)) throw new ArgumentOutOfRangeException(nameof(ambient), "ambient must be in [0, 1]");
        Ambient = ambient;
        int moving = Primitives.ToList().FindIndex(p => p.IsMoving);
        MovingObjectId = moving >= 0 ? moving : null;
    }

    /// <summary>The extent of the scene (the room's inside).</summary>
    public SceneBounds Bounds { get; }

    /// <summary>All surfaces; a primitive's id is its index here.</summary>
    public IReadOnlyList<ScenePrimitive> Primitives { get; }

    /// <summary>Id of the (first) moving primitive, if any.</summary>
    public int? MovingObjectId { get; }

    /// <summary>Unit direction towards the light (world).</summary>
    public Vec3 LightDirection { get; }

    /// <summary>Brightness = ambient + (1 - ambient) n·l, so a surface facing away gets 2 ambient - 1.</summary>
    public double Ambient { get; }

    /// <summary>Width of a suite room along x (the default room's), metres.</summary>
    public const double SuiteRoomLength = 6;

    /// <summary>The doorways between suite rooms: 1.2 m wide, centred 0.9 m off the rooms' axis, on alternate sides
    /// (+y after even rooms, -y after odd ones, so no line of sight runs through several rooms), up to 2.1 m.</summary>
    public const double DoorOffset = 0.9, DoorWidth = 1.2, DoorTop = 2.1;

    /// <summary>The y of the centre of the doorway after room <paramref name="index"/>.</summary>
    public static double DoorCentreY(int index) => index % 2 == 0 ? DoorOffset : -DoorOffset;

    /// <summary>
    /// A suite of <paramref name="rooms"/> rooms in a row along x, each the size of the default room with the default
    /// objects at the same places (room i spans x from 6i - 3 to 6i + 3), joined by doorways in 10 cm partition walls;
    /// the outer walls, floor and ceiling are the default room's surfaces, extended. For sequences that leave the first
    /// room (the map must grow).
    /// </summary>
    public static SyntheticScene CreateSuite(int rooms)
    {
        if (rooms < 1) throw new ArgumentOutOfRangeException(nameof(rooms), "a suite needs at least one room");
        var first = DefaultRoom;
        var suite = SuiteBounds(rooms);
        var primitives = new List<ScenePrimitive>(RoomPlanes(suite));
        var partition = ProceduralTexture.Checker(new(0.85, 0.80, 0.70), new(0.35, 0.45, 0.60), 0.3, Vec3.UnitY, Vec3.UnitZ);
        double height = first.Max.Z;
        for (int i = 0; i < rooms; i++)
        {
            var offset = new Vec3(i * SuiteRoomLength, 0, 0);
            primitives.AddRange(DefaultObjects(offset));
            if (i == rooms - 1) continue;
            // The partition at the room's +x wall: a wall each side of the doorway and a lintel above it.
            double x = first.Max.X + i * SuiteRoomLength, low = DoorCentreY(i) - DoorWidth / 2, high = DoorCentreY(i) + DoorWidth / 2;
            Box($"partition {i} south", x, first.Min.Y, low, 0, height);
            Box($"partition {i} north", x, high, first.Max.Y, 0, height);
            Box($"partition {i} lintel", x, low, high, DoorTop, height);
        }
        return new SyntheticScene(suite, primitives);

        void Box(string name, double x, double y0, double y1, double z0, double z1) =>
            primitives.Add(new BoxPrimitive(name, new Vec3(x, (y0 + y1) / 2, (z0 + z1) / 2), new Vec3(0.05, (y1 - y0) / 2, (z1 - z0) / 2), 0, partition));
    }

    /// <summary>The inside of a suite of <paramref name="rooms"/> rooms.</summary>
    public static SceneBounds SuiteBounds(int rooms) =>
        new(DefaultRoom.Min, new Vec3(DefaultRoom.Max.X + (rooms - 1) * SuiteRoomLength, DefaultRoom.Max.Y, DefaultRoom.Max.Z));

    /// <summary>Room i of a suite (its inside, partitions included).</summary>
    public static SceneBounds SuiteRoom(int index) =>
        new(DefaultRoom.Min + new Vec3(index * SuiteRoomLength, 0, 0), DefaultRoom.Max + new Vec3(index * SuiteRoomLength, 0, 0));

    /// <summary>The default scene; with <paramref name="movingObject"/> a sphere circles above the table.</summary>
    public static SyntheticScene CreateDefault(bool movingObject = false)
    {
        var primitives = new List<ScenePrimitive>(RoomPlanes(DefaultRoom));
        primitives.AddRange(DefaultObjects());
        if (movingObject) primitives.Add(DefaultMovingSphere());
        return new SyntheticScene(DefaultRoom, primitives);
    }

    /// <summary>Floor, ceiling and the four walls of a room (normals inward), each with a distinct texture:
    /// ids 0 floor, 1 ceiling, 2 wall x = max, 3 wall x = min, 4 wall y = max, 5 wall y = min.</summary>
    public static IReadOnlyList<ScenePrimitive> RoomPlanes(SceneBounds room)
    {
        var diagonal = new Vec3(1, 0, 1).Normalized();
        return
        [
            new PlanePrimitive("floor", Vec3.UnitZ, room.Min.Z,
                ProceduralTexture.Checker(new(0.80, 0.64, 0.44), new(0.40, 0.26, 0.15), 0.5, Vec3.UnitX, Vec3.UnitY).Modulated(0.3, 0.37, Vec3.UnitX)),
            new PlanePrimitive("ceiling", new Vec3(0, 0, -1), -room.Max.Z,
                ProceduralTexture.Gradient(new(0.95, 0.95, 0.90), new(0.55, 0.68, 0.85), Vec3.UnitX, room.Min.X, room.Max.X)
                    .Blend(ProceduralTexture.Stripes(new(0.3, 0.3, 0.3), new(1, 1, 1), 0.8, Vec3.UnitY), 0.4)),
            new PlanePrimitive("wall x+", new Vec3(-1, 0, 0), -room.Max.X,
                ProceduralTexture.Stripes(new(0.75, 0.20, 0.15), new(0.95, 0.90, 0.75), 0.4, Vec3.UnitY).Modulated(0.35, 0.9, Vec3.UnitZ)),
            new PlanePrimitive("wall x-", Vec3.UnitX, room.Min.X,
                ProceduralTexture.Checker(new(0.20, 0.55, 0.30), new(0.92, 0.92, 0.90), 0.35, Vec3.UnitY, Vec3.UnitZ)),
            new PlanePrimitive("wall y+", new Vec3(0, -1, 0), -room.Max.Y,
                ProceduralTexture.Stripes(new(0.15, 0.30, 0.70), new(0.95, 0.85, 0.30), 0.5, diagonal)),
            new PlanePrimitive("wall y-", Vec3.UnitY, room.Min.Y,
                ProceduralTexture.Waves(new(0.45, 0.20, 0.55), new(0.95, 0.60, 0.20), 1.1, Vec3.UnitX, 0.8, Vec3.UnitZ)
                    .Blend(ProceduralTexture.Gradient(new(0.1, 0.1, 0.1), new(1, 1, 1), Vec3.UnitX, room.Min.X, room.Max.X), 0.3)),
        ];
    }

    /// <summary>The static objects of the default scene (inside <see cref="DefaultRoom"/>, clear of the default
    /// camera path, an ellipse of 1.8 x 1.4 m around the room's centre), moved by <paramref name="offset"/>.</summary>
    public static IReadOnlyList<ScenePrimitive> DefaultObjects(Vec3 offset = default)
    {
        var o = offset;
        var tableSphere = new Vec3(0.35, -0.15, 0.95) + o;
        var floorSphere = new Vec3(2.2, -1.7, 0.35) + o;
        return
        [
            new BoxPrimitive("table", new Vec3(0.2, -0.1, 0.375) + o, new Vec3(0.6, 0.4, 0.375), 0.25,
                ProceduralTexture.Checker(new(0.55, 0.35, 0.20), new(0.88, 0.74, 0.52), 0.2, Vec3.UnitX, Vec3.UnitY).Modulated(0.4, 0.6, Vec3.UnitZ)),
            new SpherePrimitive("ball on table", tableSphere, 0.2,
                ProceduralTexture.Segments(new(0.85, 0.10, 0.10), new(0.95, 0.95, 0.95), 8, tableSphere, 0.12)),
            new BoxPrimitive("cabinet", new Vec3(-2.5, 1.7, 0.9) + o, new Vec3(0.3, 0.5, 0.9), 0,
                ProceduralTexture.Stripes(new(0.25, 0.30, 0.40), new(0.80, 0.82, 0.85), 0.3, Vec3.UnitZ).Modulated(0.3, 0.5, Vec3.UnitY)),
            new SpherePrimitive("ball on floor", floorSphere, 0.35,
                ProceduralTexture.Segments(new(0.15, 0.60, 0.20), new(0.95, 0.90, 0.20), 6, floorSphere, 0.2)),
            new CylinderPrimitive("bin", 2.3 + o.X, 1.6 + o.Y, 0.3, 0, 1.2,
                ProceduralTexture.Segments(new(0.95, 0.55, 0.10), new(0.20, 0.15, 0.10), 10, new Vec3(2.3, 1.6, 0) + o, 0.25)),
            new BoxPrimitive("cube", new Vec3(-2.2, -1.8, 0.25) + o, new Vec3(0.25, 0.25, 0.25), 0.6,
                ProceduralTexture.Checker(new(0.10, 0.70, 0.75), new(0.80, 0.20, 0.55), 0.125, new Vec3(1, 1, 0).Normalized(), Vec3.UnitZ)),
        ];
    }

    /// <summary>The default moving object: a sphere of radius 0.18 m circling (radius 0.35 m, 0.8 rad/s) above the
    /// table, bobbing ±8 cm.</summary>
    public static SpherePrimitive DefaultMovingSphere()
    {
        static Vec3 Path(double t) => new(-0.35 + 0.35 * Math.Cos(0.8 * t), 0.35 + 0.35 * Math.Sin(0.8 * t), 1.15 + 0.08 * Math.Sin(1.3 * t));
        return new SpherePrimitive("moving ball", Path, 0.18,
            ProceduralTexture.Segments(new(0.95, 0.95, 0.95), new(0.10, 0.20, 0.80), 6, Path(0), 0.1));
    }

    /// <summary>
    /// Distance from points [N, 3] (float64) to the nearest surface of the scene: [N]. Moving primitives count at
    /// each of <paramref name="times"/> (the nearest of their positions then); static ones once. Allocates in the
    /// caller's dispose scope.
    /// </summary>
    public Tensor SurfaceDistance(Tensor points, IReadOnlyList<double> times)
    {
        if (times.Count == 0) throw new ArgumentException("at least one time is needed", nameof(times));
        var distances = Primitives.SelectMany(p => p.IsMoving ? times.Select(t => p.Distance(points, t)) : [p.Distance(points, times[0])]).ToList();
        return torch.stack(distances, 0).amin(0);                               // [N]
    }

    /// <summary>Nearest hits of rays (origins [N, 3], unit directions [N, 3], float64) at <paramref name="time"/>;
    /// allocates in the caller's dispose scope.</summary>
    public RayHits RayCast(Tensor origins, Tensor directions, double time = 0) => RayCaster.Cast(Primitives, origins, directions, time);

    /// <summary>Shaded colours [N, 3] in [0, 1] of the hits (black for misses); caller's dispose scope.</summary>
    public Tensor Shade(RayHits hits, double time = 0)
    {
        using var hs = new HeldScalars();
        var colour = torch.zeros(new long[] { hits.Distance.shape[0], 3 }, float64, hits.Distance.device); // [N, 3]
        var light = torch.tensor(new[] { LightDirection.X, LightDirection.Y, LightDirection.Z }, float64, hits.Distance.device);
        for (int id = 0; id < Primitives.Count; id++)
        {
            var index = hits.PrimitiveId.eq(hs.Integer(id)).nonzero().squeeze(1);                             // [M]
            if (index.shape[0] == 0) continue;
            var points = hits.Points.index_select(0, index);                                                   // [M, 3]
            var albedo = Primitives[id].Albedo(points, time);                                                   // [M, 3]
            var brightness = Primitives[id].Normal(points, time).matmul(light).mul(hs[1 - Ambient]).add(hs[Ambient], HeldScalars.One); // [M] ambient + (1 - ambient) n·l
            colour.index_copy_(0, index, albedo * brightness.unsqueeze(1));
        }
        return colour.clamp(hs[0.0], hs[1.0]);
    }

    /// <summary>Renders exact depth (optical z), colour and primitive ids for a camera with pose
    /// <paramref name="cameraToWorld"/> (optical frame: x right, y down, z forward) at <paramref name="time"/>.</summary>
    public RenderedView Render(CameraIntrinsics intrinsics, RigidTransform cameraToWorld, double time = 0)
    {
        ArgumentNullException.ThrowIfNull(intrinsics);
        using var scope = torch.NewDisposeScope();
        using var hs = new HeldScalars();
        var (origins, directions, depthPerDistance) = RayCaster.CameraRays(intrinsics, cameraToWorld); // [N, 3], [N, 3], [N]
        var hits = RayCast(origins, directions, time);
        var hit = hits.PrimitiveId.ge(HeldScalars.Zero);                                                                 // [N]
        var depth = torch.where(hit, hits.Distance * depthPerDistance, torch.zeros_like(depthPerDistance)); // [N]
        var rgb = Shade(hits, time).mul(hs[255.0]).round().clamp(hs[0.0], hs[255.0]).to(uint8);              // [N, 3]
        return new RenderedView(intrinsics.Width, intrinsics.Height,
            depth.to(float32).data<float>().ToArray(),
            rgb.contiguous().data<byte>().ToArray(),
            hits.PrimitiveId.to(int32).data<int>().ToArray());
    }
}
