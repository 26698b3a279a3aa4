using NiceSlam.Core.Compute;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Meshing;
using static TorchSharp.torch;

namespace NiceSlam.Core.Map;

/// <summary>
/// Projects the map's fine-level occupancy between two heights onto a 2-D grid, the way a planar navigation stack
/// wants it. The grid lives in a z-up frame given by <c>mapFromWorld</c> (the node's map frame); its extent is the
/// map's bounds seen from that frame. Each cell is sampled at its centre on evenly spaced heights (about one
/// resolution apart, at least one) between the min and max height. A lattice point counts only when observed: it is
/// inside the map's bounds and some culling view sees it (<see cref="ViewVisibility"/>, the mesher's test). A column
/// is occupied (100) when an observed point has occupancy &gt; 0.5, free (0) when it has observed points and none is
/// occupied, unknown (-1) when it has none. Given the previous projection of the same grid and which world points
/// may have changed since (<see cref="OccupancyReuse"/>), only the columns with such a point are evaluated again.
/// </summary>
public static class OccupancyProjection
{
    /// <summary>Lattice points evaluated per batch (bounds peak memory).</summary>
    public const int DefaultChunkPoints = 1 << 14;

    /// <summary>The projection of <paramref name="map"/>'s fine occupancy (middle + fine).</summary>
    public static ProjectedOccupancy Project(HierarchicalMap map, IReadOnlyList<CullingView> views, RigidTransform mapFromWorld,
        double minHeight, double maxHeight, double resolution, double cullMargin, int chunkPoints = DefaultChunkPoints,
        OccupancyReuse? reuse = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        return Project(points => map.Logit(MapLevel.Fine, points), map.Bounds, map.Device, views, mapFromWorld,
            minHeight, maxHeight, resolution, cullMargin, chunkPoints, reuse);
    }

    /// <summary>
    /// The projection of any occupancy field given as logits: <paramref name="logit"/> maps world points [N, 3]
    /// float32 to logits [N] (occupancy = sigmoid(10 logit), so occupied means logit &gt; 0), defined inside
    /// <paramref name="worldBounds"/>. With <paramref name="reuse"/> whose previous grid has this one's geometry,
    /// columns none of whose points is stale keep their previous value.
    /// </summary>
    public static ProjectedOccupancy Project(Func<Tensor, Tensor> logit, Bounds3 worldBounds, Device device,
        IReadOnlyList<CullingView> views, RigidTransform mapFromWorld, double minHeight, double maxHeight, double resolution,
        double cullMargin, int chunkPoints = DefaultChunkPoints, OccupancyReuse? reuse = null)
    {
        ArgumentNullException.ThrowIfNull(logit);
        ArgumentNullException.ThrowIfNull(views);
        worldBounds.Validate();
        if (!(resolution > 0) || !double.IsFinite(resolution))
            throw new ArgumentOutOfRangeException(nameof(resolution), $"resolution must be a finite cell size > 0 m, got {resolution}");
        if (!double.IsFinite(minHeight) || !double.IsFinite(maxHeight) || !(maxHeight > minHeight))
            throw new ArgumentException($"heights must be finite with max > min, got min {minHeight} max {maxHeight}");
        if (!(cullMargin >= 0)) throw new ArgumentOutOfRangeException(nameof(cullMargin), $"cull margin must be >= 0 m, got {cullMargin}");

        var (minX, minY, maxX, maxY) = FootprintInMap(worldBounds, mapFromWorld);
        int width = CellCount(maxX - minX, resolution), height = CellCount(maxY - minY, resolution);
        int layers = Math.Max(1, (int)Math.Round((maxHeight - minHeight) / resolution));
        double layerStep = (maxHeight - minHeight) / layers;
        if (chunkPoints < layers)
            throw new ArgumentOutOfRangeException(nameof(chunkPoints), $"a chunk must hold at least one column ({layers} points), got {chunkPoints}");

        var cells = new sbyte[checked(width * height)];
        var worldFromMap = mapFromWorld.Inverse();
        int columnsPerChunk = chunkPoints / layers;
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var zs = arange(HeldScalars.Zero, s.Integer(layers), HeldScalars.One, float64, device).mul(s[layerStep]).add(s[minHeight + layerStep / 2], HeldScalars.One); // [L]
        // The world points [n*L, 3] of columns [n] (flat cell indices), layer fastest.
        Tensor WorldPoints(Tensor column)
        {
            long n = column.shape[0];
            var xs = column.remainder(s.Integer(width)).to(float64).mul(s[resolution]).add(s[minX + resolution / 2], HeldScalars.One); // [n]
            var ys = column.div(s.Integer(width), rounding_mode: RoundingMode.floor).to(float64).mul(s[resolution]).add(s[minY + resolution / 2], HeldScalars.One);
            var inMap = stack([
                xs.unsqueeze(1).expand(n, layers),
                ys.unsqueeze(1).expand(n, layers),
                zs.unsqueeze(0).expand(n, layers)], -1).reshape(-1, 3);                                 // [n*L, 3]
            return PinholeCamera.Transform(inMap, worldFromMap).to(float32);                           // [n*L, 3]
        }

        // The columns to evaluate: all of them, or with a matching previous grid those with a stale point.
        var previous = reuse?.Previous;
        bool reusing = previous is not null && previous.Width == width && previous.Height == height && previous.Resolution == resolution
            && previous.OriginX == minX && previous.OriginY == minY && previous.MinHeight == minHeight && previous.MaxHeight == maxHeight;
        Tensor columns;                                                                                // [K] flat cell indices
        if (reusing)
        {
            previous!.Cells.CopyTo(cells, 0);
            var staleParts = new List<Tensor>();
            for (int c0 = 0; c0 < cells.Length; c0 += columnsPerChunk)
            {
                using var inner = NewDisposeScope();
                int n = Math.Min(columnsPerChunk, cells.Length - c0);
                var column = arange(s.Integer(c0), s.Integer(c0 + n), HeldScalars.One, int64, device);                           // [n]
                var stale = reuse!.Stale(WorldPoints(column)).view(n, layers).any(1);                  // [n]
                staleParts.Add(column.masked_select(stale).MoveToOuterDisposeScope());
            }
            columns = cat(staleParts, 0);
        }
        else columns = arange(HeldScalars.Zero, s.Integer(cells.Length), HeldScalars.One, int64, device);
        int evaluated = (int)columns.shape[0];

        var result = tensor(cells, int8, device);                                                     // [W*H]
        for (long c0 = 0; c0 < columns.shape[0]; c0 += columnsPerChunk)
        {
            using var inner = NewDisposeScope();
            var column = columns.narrow(0, c0, Math.Min(columnsPerChunk, columns.shape[0] - c0));     // [n]
            long n = column.shape[0];
            var world = WorldPoints(column);                                                           // [n*L, 3]
            var observed = Inside(world, worldBounds, s) & ViewVisibility.Seen(world, views, cullMargin); // [n*L]
            var occupied = NiceDecoders.Occupancy(logit(world).reshape(-1).to(float32)) > s[0.5];      // [n*L]
            var anyObserved = observed.view(n, layers).any(1);                                         // [n]
            var anyOccupied = (observed & occupied).view(n, layers).any(1);                            // [n]
            var value = where(anyOccupied, full(n, s.Integer((int)ProjectedOccupancy.Occupied), int8, device),
                where(anyObserved, full(n, s.Integer((int)ProjectedOccupancy.Free), int8, device),
                    full(n, s.Integer((int)ProjectedOccupancy.Unknown), int8, device)));                          // [n]
            result.index_put_(value, column);
        }
        result.cpu().data<sbyte>().CopyTo(cells, 0);
        return new ProjectedOccupancy(width, height, resolution, minX, minY, minHeight, maxHeight, cells) { EvaluatedColumns = evaluated };
    }

    /// <summary>The map-frame x, y extent of the world box (its 8 corners transformed).</summary>
    private static (double MinX, double MinY, double MaxX, double MaxY) FootprintInMap(Bounds3 b, RigidTransform mapFromWorld)
    {
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        foreach (double x in new[] { b.MinX, b.MaxX })
            foreach (double y in new[] { b.MinY, b.MaxY })
                foreach (double z in new[] { b.MinZ, b.MaxZ })
                {
                    var p = mapFromWorld.Apply(x, y, z);
                    (minX, maxX) = (Math.Min(minX, p.X), Math.Max(maxX, p.X));
                    (minY, maxY) = (Math.Min(minY, p.Y), Math.Max(maxY, p.Y));
                }
        return (minX, minY, maxX, maxY);
    }

    /// <summary>Cells needed to cover <paramref name="extent"/> (at least one; a tolerance keeps an exact multiple exact).</summary>
    private static int CellCount(double extent, double resolution) =>
        Math.Max(1, checked((int)Math.Ceiling(extent / resolution - 1e-9)));

    /// <summary>bool [N]: points [N, 3] inside the box (closed).</summary>
    private static Tensor Inside(Tensor points, Bounds3 b, HeldScalars s) =>
        (points[.., 0] >= s[b.MinX]) & (points[.., 0] <= s[b.MaxX]) &
        (points[.., 1] >= s[b.MinY]) & (points[.., 1] <= s[b.MaxY]) &
        (points[.., 2] >= s[b.MinZ]) & (points[.., 2] <= s[b.MaxZ]);
}
