using NiceSlam.Core.Map;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Scenes;

/// <summary>
/// A room for decoder pretraining, world frame z up: the free interior is [0, W] x [0, D] x [0, H] (floor at z = 0),
/// closed by a solid shell (floor, ceiling and four wall slabs of <see cref="WallThickness"/> lying just outside the
/// interior) and furnished with <see cref="Objects"/>. <see cref="Bounds"/> (for sampling and grids) is the interior
/// grown by <see cref="Margin"/> on every side; points outside it count as occupied, as NICE-SLAM treats
/// out-of-bound points. Between the shell's outer faces and the bounds is free space (the far side of a wall).
/// </summary>
public sealed class TrainingScene
{
    /// <summary>How far the sampling / grid bounds extend beyond the free interior, m.</summary>
    public const double Margin = 0.3;

    /// <summary>Tolerance of the exposed-surface test, m: a surface point within this of another solid is hidden.</summary>
    internal const double ContactTolerance = 1e-7;

    public TrainingScene(double width, double depth, double height, double wallThickness, IReadOnlyList<SceneObject> objects)
    {
        if (!(width > 0 && depth > 0 && height > 0) || !double.IsFinite(width + depth + height))
            throw new ArgumentException($"room size must be positive and finite, got {width} x {depth} x {height}");
        if (!(wallThickness > 0 && wallThickness < Margin))
            throw new ArgumentOutOfRangeException(nameof(wallThickness), wallThickness, $"wall thickness must be in (0, {Margin}) m");
        ArgumentNullException.ThrowIfNull(objects);
        (Width, Depth, Height, WallThickness, Objects) = (width, depth, height, wallThickness, objects);
        Interior = new Bounds3(0, 0, 0, width, depth, height);
        Bounds = Interior.Expanded(Margin);
        double t = wallThickness;
        Shell =
        [
            SolidBox.FromMinMax(-t, -t, -t, width + t, depth + t, 0),                 // floor
            SolidBox.FromMinMax(-t, -t, height, width + t, depth + t, height + t),    // ceiling
            SolidBox.FromMinMax(-t, -t, -t, 0, depth + t, height + t),                // wall x = 0
            SolidBox.FromMinMax(width, -t, -t, width + t, depth + t, height + t),     // wall x = W
            SolidBox.FromMinMax(0, -t, -t, width, 0, height + t),                     // wall y = 0
            SolidBox.FromMinMax(0, depth, -t, width, depth + t, height + t),          // wall y = D
        ];
        Solids = [.. Shell, .. objects.SelectMany(o => o.Solids)];
    }

    public double Width { get; }
    public double Depth { get; }
    public double Height { get; }
    public double WallThickness { get; }

    /// <summary>The free interior [0, W] x [0, D] x [0, H].</summary>
    public Bounds3 Interior { get; }

    /// <summary>The interior grown by <see cref="Margin"/>: the region sampled and covered by grids.</summary>
    public Bounds3 Bounds { get; }

    /// <summary>Floor, ceiling and the four walls (x = 0, x = W, y = 0, y = D), in that order.</summary>
    public IReadOnlyList<SolidBox> Shell { get; }

    /// <summary>The furniture and clutter.</summary>
    public IReadOnlyList<SceneObject> Objects { get; }

    /// <summary>Every solid: the shell, then the objects' solids.</summary>
    public IReadOnlyList<ISolid> Solids { get; }

    /// <summary>1 inside any solid or outside <see cref="Bounds"/>, 0 in free space: points [N, 3] -> float32 [N].</summary>
    public Tensor Occupancy(Tensor points) => OccupiedMask(points).to(ScalarType.Float32);

    /// <summary>The boolean form of <see cref="Occupancy"/>. Works on any device.</summary>
    public Tensor OccupiedMask(Tensor points)
    {
        if (points.dim() != 2 || points.shape[1] != 3) throw new ArgumentException($"points must be [N, 3], got [{string.Join(", ", points.shape)}]");
        using var scope = NewDisposeScope();
        var p = points.to(ScalarType.Float64);
        var x = p[.., 0];
        var y = p[.., 1];
        var z = p[.., 2];
        var b = Bounds;
        double t = WallThickness;
        // Shell, analytically: outside the open interior (its boundary belongs to the closed slabs) but inside the
        // shell's outer box; and out of bounds.
        var outsideInterior = (x <= 0) | (x >= Width) | (y <= 0) | (y >= Depth) | (z <= 0) | (z >= Height);
        var insideOuter = (x >= -t) & (x <= Width + t) & (y >= -t) & (y <= Depth + t) & (z >= -t) & (z <= Height + t);
        var outOfBounds = (x < b.MinX) | (x > b.MaxX) | (y < b.MinY) | (y > b.MaxY) | (z < b.MinZ) | (z > b.MaxZ);
        var occupied = (outsideInterior & insideOuter) | outOfBounds;
        if (ObjectSolids.Count == 0) return occupied.MoveToOuterDisposeScope();

        // Objects: sort the points by x once; each solid tests only the run of points within its x extent.
        var (sortedX, order) = x.sort();
        var sorted = p.index_select(0, order);
        // x extents, widened by a nanometre against rounding in the bounds of yawed boxes.
        var minX = tensor(ObjectSolids.Select(o => o.Bounds.MinX - 1e-9).ToArray(), ScalarType.Float64, device: p.device);
        var maxX = tensor(ObjectSolids.Select(o => o.Bounds.MaxX + 1e-9).ToArray(), ScalarType.Float64, device: p.device);
        var first = searchsorted(sortedX, minX).cpu().data<long>().ToArray();
        var end = searchsorted(sortedX, maxX, right: true).cpu().data<long>().ToArray();
        var hit = zeros(p.shape[0], ScalarType.Bool, device: p.device);
        for (int i = 0; i < ObjectSolids.Count; i++)
        {
            if (end[i] <= first[i]) continue;
            var run = hit[TensorIndex.Slice(first[i], end[i])];
            run.logical_or_(ObjectSolids[i].Contains(sorted[TensorIndex.Slice(first[i], end[i])]));
        }
        var hitInOrder = zeros_like(hit).index_copy_(0, order, hit);
        return (occupied | hitInOrder).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Points on the exposed surface of the scene: area-weighted over all solids, keeping only points that are not
    /// inside (or touching) another solid. [count, 3] float32 (CPU), in random order.
    /// </summary>
    public Tensor SampleSurface(int count, Generator generator) => SampleSurface64(count, generator).to(ScalarType.Float32);

    /// <summary><see cref="SampleSurface"/> in float64.</summary>
    internal Tensor SampleSurface64(int count, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0) return zeros(0, 3, ScalarType.Float64);
        using var scope = NewDisposeScope();
        var areas = Solids.Select(s => s.SurfaceArea).ToArray();
        var kept = new List<Tensor>();
        long have = 0;
        double acceptance = 0.6;   // initial guess; refined from each round
        for (int round = 0; have < count; round++)
        {
            if (round >= 50) throw new InvalidOperationException($"exposed-surface sampling stalled at {have} of {count} points (acceptance {acceptance:G3})");
            long need = count - have;
            int draw = (int)Math.Min(int.MaxValue / 2, Math.Ceiling(need / Math.Max(acceptance, 0.01) * 1.1) + 64);
            var exposed = SampleExposed(areas, draw, generator);
            acceptance = Math.Max(0.01, (double)exposed.shape[0] / draw);
            if (exposed.shape[0] > need) exposed = exposed[..(int)need];
            kept.Add(exposed);
            have += exposed.shape[0];
        }
        var all = cat(kept, 0);
        return all.index_select(0, randperm(all.shape[0], generator: generator)).MoveToOuterDisposeScope();
    }

    private IReadOnlyList<ISolid> ObjectSolids => objectSolids ??= [.. Objects.SelectMany(o => o.Solids)];
    private IReadOnlyList<ISolid>? objectSolids;

    // For each solid, the other solids whose bounds touch its bounds: the only ones that can hide its surface.
    private int[][] Neighbours => neighbours ??= [.. Enumerable.Range(0, Solids.Count).Select(i =>
        Enumerable.Range(0, Solids.Count).Where(j => j != i && Touch(Solids[i].Bounds, Solids[j].Bounds)).ToArray())];
    private int[][]? neighbours;

    private static bool Touch(Bounds3 a, Bounds3 b)
    {
        const double e = 1e-6;
        return a.MinX <= b.MaxX + e && b.MinX <= a.MaxX + e && a.MinY <= b.MaxY + e && b.MinY <= a.MaxY + e && a.MinZ <= b.MaxZ + e && b.MinZ <= a.MaxZ + e;
    }

    // Area-weighted points over all solids, with the hidden ones (inside or touching another solid) dropped.
    private Tensor SampleExposed(double[] areas, int count, Generator generator)
    {
        var owner = SurfaceChoice.Draw(areas, count, generator);
        var perSolid = bincount(owner, minlength: areas.Length).data<long>().ToArray();
        var exposed = new List<Tensor>();
        for (int i = 0; i < areas.Length; i++)
        {
            if (perSolid[i] == 0) continue;
            var points = Solids[i].SampleSurface((int)perSolid[i], generator);
            var hidden = zeros(perSolid[i], ScalarType.Bool);
            foreach (int j in Neighbours[i]) hidden.logical_or_(Solids[j].Contains(points, ContactTolerance));
            exposed.Add(points[hidden.logical_not()]);
        }
        return cat(exposed, 0);
    }
}
