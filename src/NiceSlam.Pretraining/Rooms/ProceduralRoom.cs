using NiceSlam.Core.Map;
using NiceSlam.Pretraining.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Rooms;

/// <summary>
/// A procedurally furnished room: free interior [0, W] x [0, D] x [0, H] (z up), everything outside it solid (walls,
/// floor, ceiling, beyond) as NICE-SLAM treats space outside its bounds, plus furniture solids. The grids span the
/// interior grown by <see cref="Margin"/>. Occupancy is exact (analytic inside tests, batched on tensors).
/// </summary>
public sealed class ProceduralRoom : IOccupancyScene
{
    public const double Margin = 0.3;

    public ProceduralRoom(double width, double depth, double height, IReadOnlyList<RoomSolid> solids)
    {
        if (!(width > 0 && depth > 0 && height > 0)) throw new ArgumentException("room size must be positive");
        Width = width;
        Depth = depth;
        Height = height;
        Solids = solids;
        Bounds = new Bounds3(0, 0, 0, width, depth, height).Expanded(Margin);
    }

    public double Width { get; }
    public double Depth { get; }
    public double Height { get; }
    public IReadOnlyList<RoomSolid> Solids { get; }
    public Bounds3 Bounds { get; }

    /// <summary>1 inside a solid or outside the free interior, 0 in free space: points [N, 3] -> float32 [N].</summary>
    public Tensor Occupancy(Tensor points)
    {
        using var scope = NewDisposeScope();
        var p = points.to(float64);
        var x = p[.., 0];
        var y = p[.., 1];
        var z = p[.., 2];
        var occupied = (x < 0) | (x > Width) | (y < 0) | (y > Depth) | (z < 0) | (z > Height);
        foreach (var s in Solids) occupied = occupied | Contains(s, x, y, z);
        return occupied.to(float32).MoveToOuterDisposeScope();
    }

    private static Tensor Contains(RoomSolid s, Tensor x, Tensor y, Tensor z)
    {
        var dx = x - s.X;
        var dy = y - s.Y;
        var dz = z - s.Z;
        switch (s.Shape)
        {
            case SolidShape.Box:
                double c = Math.Cos(s.Yaw), n = Math.Sin(s.Yaw);
                var lx = dx * c + dy * n;     // into the box frame: rotate by -yaw
                var ly = -dx * n + dy * c;
                return (lx.abs() <= s.HalfX) & (ly.abs() <= s.HalfY) & (dz.abs() <= s.HalfZ);
            case SolidShape.Sphere:
                return dx * dx + dy * dy + dz * dz <= s.HalfX * s.HalfX;
            default:
                return (dx * dx + dy * dy <= s.HalfX * s.HalfX) & (dz.abs() <= s.HalfZ);
        }
    }

    /// <summary>Points on the surfaces (room shell and solids), area-weighted: [count, 3] float64.</summary>
    public Tensor SampleSurface(int count, Generator generator)
    {
        using var scope = NewDisposeScope();
        // Surface pieces: the six inner faces of the room, then each solid.
        var pieces = new List<(double Area, Func<int, Tensor> Sample)>
        {
            (Width * Depth, k => Plane(k, generator, 2, 0, 0, Width, 1, Depth)),
            (Width * Depth, k => Plane(k, generator, 2, Height, 0, Width, 1, Depth)),
            (Depth * Height, k => Plane(k, generator, 0, 0, 1, Depth, 2, Height)),
            (Depth * Height, k => Plane(k, generator, 0, Width, 1, Depth, 2, Height)),
            (Width * Height, k => Plane(k, generator, 1, 0, 0, Width, 2, Height)),
            (Width * Height, k => Plane(k, generator, 1, Depth, 0, Width, 2, Height)),
        };
        foreach (var s in Solids) pieces.Add((s.Area, k => SolidSurface(s, k, generator)));
        var weights = tensor(pieces.Select(p => p.Area).ToArray(), float64);
        var choice = multinomial(weights / weights.sum(), count, replacement: true, generator: generator);
        var counts = bincount(choice, minlength: pieces.Count).data<long>().ToArray();
        var parts = new List<Tensor>();
        for (int i = 0; i < pieces.Count; i++)
            if (counts[i] > 0) parts.Add(pieces[i].Sample((int)counts[i]));
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>Uniform points in the bounds plus surface points displaced by Gaussian noise (half 2 cm, half 10 cm),
    /// with occupancy labels; float32, shuffled.</summary>
    public (Tensor Points, Tensor Labels) Sample(int uniformCount, int nearSurfaceCount, Generator generator)
    {
        using var scope = NewDisposeScope();
        var b = Bounds;
        var min = tensor(new[] { b.MinX, b.MinY, b.MinZ }, float64);
        var size = tensor(new[] { b.SizeX, b.SizeY, b.SizeZ }, float64);
        var parts = new List<Tensor> { rand(new long[] { uniformCount, 3 }, float64, generator: generator) * size + min };
        if (nearSurfaceCount > 0)
        {
            var surface = SampleSurface(nearSurfaceCount, generator);
            var sigma = cat([full(nearSurfaceCount / 2, 0.02, float64), full(nearSurfaceCount - nearSurfaceCount / 2, 0.1, float64)]).unsqueeze(1);
            parts.Add(surface + randn(new long[] { nearSurfaceCount, 3 }, float64, generator: generator) * sigma);
        }
        var points = cat(parts, 0);
        points = points.index_select(0, randperm(points.shape[0], generator: generator));
        var labels = Occupancy(points);
        return (points.to(float32).MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    // Uniform points on an axis-aligned rectangle: coordinate `fixedAxis` = value, axis a in [0, sizeA], axis b in [0, sizeB].
    private static Tensor Plane(int count, Generator g, int fixedAxis, double value, int a, double sizeA, int b, double sizeB)
    {
        var points = zeros(count, 3, float64);
        var u = rand(new long[] { count, 2 }, float64, generator: g);
        points[.., fixedAxis] = value;
        points[.., a] = u[.., 0] * sizeA;
        points[.., b] = u[.., 1] * sizeB;
        return points;
    }

    private static Tensor SolidSurface(RoomSolid s, int count, Generator g)
    {
        var centre = tensor(new[] { s.X, s.Y, s.Z }, float64);
        switch (s.Shape)
        {
            case SolidShape.Sphere:
                return nn.functional.normalize(randn(new long[] { count, 3 }, float64, generator: g), dim: -1) * s.HalfX + centre;
            case SolidShape.Cylinder:
            {
                double side = 2 * Math.PI * s.HalfX * 2 * s.HalfZ, caps = 2 * Math.PI * s.HalfX * s.HalfX;
                var u = rand(new long[] { count, 3 }, float64, generator: g);
                var onSide = u[.., 0] < side / (side + caps);
                var angle = u[.., 1] * (2 * Math.PI);
                var radius = where(onSide, full_like(angle, s.HalfX), (u[.., 2] * s.HalfX * s.HalfX).sqrt());  // uniform on the disc
                var capTop = rand(new long[] { count }, float64, generator: g) < 0.5;
                var height = where(onSide, (u[.., 2] * 2 - 1) * s.HalfZ, where(capTop, full_like(angle, s.HalfZ), full_like(angle, -s.HalfZ)));
                return stack([radius * angle.cos(), radius * angle.sin(), height], 1) + centre;
            }
            default:
            {
                // Pick a face by area, then a uniform point on it, in the box frame; rotate by yaw.
                double ax = s.HalfY * s.HalfZ, ay = s.HalfX * s.HalfZ, az = s.HalfX * s.HalfY;
                var faceWeights = tensor(new[] { ax, ax, ay, ay, az, az }, float64);
                var face = multinomial(faceWeights / faceWeights.sum(), count, replacement: true, generator: g);
                var local = (rand(new long[] { count, 3 }, float64, generator: g) * 2 - 1) * tensor(new[] { s.HalfX, s.HalfY, s.HalfZ }, float64);
                var axis = face.div(2, rounding_mode: RoundingMode.floor);                      // 0, 1, 2
                var sign = where(face.remainder(2) == 0, full(count, -1.0, float64), full(count, 1.0, float64));
                var half = tensor(new[] { s.HalfX, s.HalfY, s.HalfZ }, float64).index_select(0, axis);
                local = local.scatter(1, axis.unsqueeze(1), (sign * half).unsqueeze(1));
                double c = Math.Cos(s.Yaw), n = Math.Sin(s.Yaw);
                var rotation = tensor(new[] { c, -n, 0, n, c, 0, 0, 0, 1 }, float64).reshape(3, 3);
                return local.matmul(rotation.t()) + centre;
            }
        }
    }
}
