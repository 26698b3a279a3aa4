using NiceSlam.Core.Compute;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Slam;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Map;

/// <summary>One grid's values [1, C, Z, Y, X] with its voxel size and, when known, its bounds (see
/// <see cref="HierarchicalMap.FromGrids"/>).</summary>
public readonly record struct GridValues(double Voxel, Tensor Values, Bounds3? Bounds = null);

/// <summary>The level whose occupancy a render uses.</summary>
public enum MapLevel
{
    Coarse,
    Middle,
    /// <summary>Middle + fine residual (also the geometry of the colour stage and of tracking).</summary>
    Fine,
}

/// <summary>
/// NICE-SLAM's scene: four dense feature grids (coarse over the bounds enlarged x2, middle, fine, colour) with the
/// decoders that read them. Grid initialisation N(0, 0.01²) except fine N(0, 1e-4²). The bounds' extents are
/// rounded up to a multiple of the middle voxel, as the reference does, and every grid's vertices lie one voxel apart,
/// so the map can grow by whole voxels (<see cref="Grown"/>) when the camera sees beyond it. Points outside the
/// bounds are treated by the renderer (logit 100). The map owns its grids; it owns its decoders only when it made them (<see cref="Clone"/>):
/// decoders given to <see cref="Create"/> or <see cref="FromGrids"/> stay their giver's, who disposes them.
/// </summary>
public sealed class HierarchicalMap : IDisposable
{
    public const double CoarseStd = 0.01, MiddleStd = 0.01, FineStd = 1e-4, ColorStd = 0.01;

    private bool ownsDecoders;

    private HierarchicalMap(Bounds3 bounds, FeatureGrid coarse, FeatureGrid middle, FeatureGrid fine, FeatureGrid color, NiceDecoders decoders,
        bool ownsDecoders)
    {
        Bounds = bounds;
        Coarse = coarse;
        Middle = middle;
        Fine = fine;
        Color = color;
        Decoders = decoders;
        this.ownsDecoders = ownsDecoders;
    }

    public Bounds3 Bounds { get; }
    public FeatureGrid Coarse { get; }
    public FeatureGrid Middle { get; }
    public FeatureGrid Fine { get; }
    public FeatureGrid Color { get; }

    /// <summary>The decoders; the geometry decoders (middle, fine, coarse) are frozen, the colour decoder trains.</summary>
    public NiceDecoders Decoders { get; }

    public Device Device => Middle.Values.device;

    /// <summary>A new map over <paramref name="bounds"/> with grids at the options' voxel sizes. The decoders are
    /// used as given (geometry frozen here) and stay the caller's.</summary>
    public static HierarchicalMap Create(Bounds3 bounds, SlamOptions options, NiceDecoders decoders, Generator generator, Device? device = null)
    {
        bounds = bounds.RoundedUp(options.Map.MiddleVoxel);
        const int c = NiceDecoders.FeatureDim;
        var coarse = FeatureGrid.Create(CoarseBoundsOf(bounds), options.Map.CoarseVoxel, c, CoarseStd, generator, device);
        var middle = FeatureGrid.Create(bounds, options.Map.MiddleVoxel, c, MiddleStd, generator, device);
        var fine = FeatureGrid.Create(bounds, options.Map.FineVoxel, c, FineStd, generator, device);
        var color = FeatureGrid.Create(bounds, options.Map.ColorVoxel, c, ColorStd, generator, device);
        decoders.SetGeometryTrainable(false);
        if (device is not null) decoders.to(device);
        return new HierarchicalMap(bounds, coarse, middle, fine, color, decoders, ownsDecoders: false);
    }

    /// <summary>The coarse grid's bounds: <paramref name="bounds"/> enlarged x2 about its centre.</summary>
    public static Bounds3 CoarseBoundsOf(Bounds3 bounds) =>
        new(bounds.MinX - bounds.SizeX / 2, bounds.MinY - bounds.SizeY / 2, bounds.MinZ - bounds.SizeZ / 2,
            bounds.MaxX + bounds.SizeX / 2, bounds.MaxY + bounds.SizeY / 2, bounds.MaxZ + bounds.SizeZ / 2);

    /// <summary>
    /// A map from existing grid values (e.g. a saved map): each grid as its voxel size, values [1, C, Z, Y, X]
    /// (copied) and bounds (null: <paramref name="bounds"/>, and for the coarse grid <see cref="CoarseBoundsOf"/>,
    /// as maps saved before grids could grow have), which the values' shape must fit (<see cref="FeatureGrid.Fits"/>).
    /// The decoders are used as given (geometry frozen here) and stay the caller's.
    /// </summary>
    public static HierarchicalMap FromGrids(Bounds3 bounds, GridValues coarse, GridValues middle, GridValues fine, GridValues color,
        NiceDecoders decoders, Device? device = null)
    {
        bounds.Validate();
        FeatureGrid Grid(string name, Bounds3 gridBounds, GridValues grid)
        {
            if (!(grid.Voxel > 0) || !double.IsFinite(grid.Voxel)) throw new ArgumentException($"{name} grid: voxel size must be finite and > 0, got {grid.Voxel}");
            gridBounds = grid.Bounds ?? gridBounds;
            gridBounds.Validate();
            if (grid.Values.shape.Length != 5 || grid.Values.shape[1] != NiceDecoders.FeatureDim || !FeatureGrid.Fits(grid.Values.shape, gridBounds, grid.Voxel))
                throw new ArgumentException($"{name} grid: values of shape [{string.Join(", ", grid.Values.shape)}] do not fit bounds {gridBounds} at voxel {grid.Voxel} (expected [{string.Join(", ", FeatureGrid.ShapeFor(gridBounds, grid.Voxel, NiceDecoders.FeatureDim))}])");
            var values = grid.Values.to(float32, device ?? grid.Values.device);
            try { return FeatureGrid.FromValues(gridBounds, grid.Voxel, values); }
            finally { if (!ReferenceEquals(values, grid.Values)) values.Dispose(); }
        }
        var grids = new List<FeatureGrid>();
        try
        {
            grids.Add(Grid("coarse", CoarseBoundsOf(bounds), coarse));
            grids.Add(Grid("middle", bounds, middle));
            grids.Add(Grid("fine", bounds, fine));
            grids.Add(Grid("color", bounds, color));
        }
        catch
        {
            foreach (var g in grids) g.Dispose();
            throw;
        }
        decoders.SetGeometryTrainable(false);
        if (device is not null) decoders.to(device);
        return new HierarchicalMap(bounds, grids[0], grids[1], grids[2], grids[3], decoders, ownsDecoders: false);
    }

    /// <summary>Whether every grid's vertices lie one voxel apart, so the map can grow (a map saved before grids
    /// could grow cannot).</summary>
    public bool CanGrow => Grids.All(g => g.CanGrow);

    /// <summary>
    /// The map grown to hold <paramref name="cover"/>: the bounds become the smallest box on the middle grid's lattice
    /// that holds them and <paramref name="cover"/>; every grid grows to hold that (the coarse grid its x2 box) by
    /// whole voxels of its own, keeping every existing vertex's position and value, new vertices initialised as at
    /// the start. The decoders pass to the new map (this one no longer disposes them); the caller disposes this map.
    /// Throws <see cref="InvalidOperationException"/> when the map cannot grow (<see cref="CanGrow"/>).
    /// </summary>
    public HierarchicalMap Grown(Bounds3 cover, Generator? generator = null)
    {
        if (!CanGrow) throw new InvalidOperationException("this map's grids are on the lattice of maps saved before grids could grow: it cannot grow");
        var grids = new List<FeatureGrid>();
        try
        {
            grids.Add(Middle.Grown(cover, MiddleStd, generator));
            var bounds = grids[0].Bounds;
            grids.Add(Fine.Grown(bounds, FineStd, generator));
            grids.Add(Color.Grown(bounds, ColorStd, generator));
            grids.Add(Coarse.Grown(CoarseBoundsOf(bounds), CoarseStd, generator));
            var grown = new HierarchicalMap(bounds, grids[3], grids[0], grids[1], grids[2], Decoders, ownsDecoders);
            ownsDecoders = false;
            return grown;
        }
        catch
        {
            foreach (var g in grids) g.Dispose();
            throw;
        }
    }

    /// <summary>Occupancy logit [N] of a level at world points [N, 3].</summary>
    public Tensor Logit(MapLevel level, Tensor points)
    {
        using var scope = NewDisposeScope();
        return (level switch
        {
            MapLevel.Coarse => Decoders.CoarseLogit(Coarse.Sample(points)),
            MapLevel.Middle => Decoders.MiddleLogit(points, Middle.Sample(points)),
            MapLevel.Fine => Decoders.FineLogit(points, Middle.Sample(points), Fine.Sample(points)),
            _ => throw new ArgumentOutOfRangeException(nameof(level)),
        }).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The occupancy logit [N] of a level and, when <paramref name="color"/>, RGB [N, 3] at world points [N, 3] in
    /// one query: trilinear corners and weights computed once per lattice (fine and colour share theirs) and read as
    /// weighted feature rows (<see cref="FeatureGrid.SampleCorners"/>), and only the grids the level reads. The same values as
    /// <see cref="Logit"/> and <see cref="Rgb"/> (up to float rounding).
    /// </summary>
    public Rendering.FieldSample Query(MapLevel level, Tensor points, bool color)
    {
        if (level == MapLevel.Coarse) return new(Logit(MapLevel.Coarse, points), color ? Rgb(points) : null);
        using var scope = NewDisposeScope();
        var middleCorners = Middle.Corners(points);
        var middle = Middle.SampleCorners(middleCorners);
        (Tensor, Tensor)? fineCorners = null;
        (Tensor, Tensor) CornersOf(FeatureGrid grid)
        {
            if (grid.SameLattice(Middle)) return middleCorners;
            if (fineCorners is { } known && grid.SameLattice(Fine)) return known;
            var corners = grid.Corners(points);
            if (grid.SameLattice(Fine)) fineCorners = corners;
            return corners;
        }
        var fine = level == MapLevel.Fine ? Fine.SampleCorners(CornersOf(Fine)) : null;
        var colour = color ? Color.SampleCorners(CornersOf(Color)) : null;
        var (logit, rgb) = Decoders.Query(points, middle, fine, colour);
        return new(logit.MoveToOuterDisposeScope(), rgb?.MoveToOuterDisposeScope());
    }

    /// <summary>The field a renderer reads for <paramref name="level"/>: <see cref="Query"/> when
    /// <paramref name="fused"/>, else the reference's separate <see cref="Logit"/> and <see cref="Rgb"/>.</summary>
    public Rendering.RadianceField Field(MapLevel level, bool fused) => fused
        ? (points, color) => Query(level, points, color)
        : (points, color) => new(Logit(level, points), color ? Rgb(points) : null);

    /// <summary>RGB [N, 3] at world points [N, 3].</summary>
    public Tensor Rgb(Tensor points)
    {
        using var scope = NewDisposeScope();
        return Decoders.Rgb(points, Color.Sample(points)).MoveToOuterDisposeScope();
    }

    /// <summary>All four grids: coarse, middle, fine, colour.</summary>
    public IEnumerable<FeatureGrid> Grids => [Coarse, Middle, Fine, Color];

    /// <summary>Makes every grid and decoder parameter non-trainable until the returned scope is disposed (the
    /// tracker reads the map, never writes it).</summary>
    public IDisposable Frozen() => GradientFreeze.Of(Grids.Select(g => (Tensor)g.Values).Concat(Decoders.parameters()));

    /// <summary>Parameters of the map (all grids); with the colour decoder's.</summary>
    public long ParameterCount => Grids.Sum(g => g.Values.numel()) + Decoders.parameters().Sum(p => p.numel());

    /// <summary>A deep copy with its own grids and decoders (which it owns), trainable as this map's are.</summary>
    public HierarchicalMap Clone()
    {
        using var _ = no_grad();
        var decoders = new NiceDecoders();
        try
        {
            foreach (var (target, source) in decoders.parameters().Zip(Decoders.parameters())) target.copy_(source);
            decoders.to(Device);
            foreach (var (target, source) in decoders.parameters().Zip(Decoders.parameters())) target.requires_grad = source.requires_grad;
            var grids = new List<FeatureGrid>();
            try
            {
                foreach (var g in Grids)
                {
                    var copy = FeatureGrid.FromValues(g.Bounds, g.VoxelSize, g.Values);
                    grids.Add(copy);
                    copy.Values.requires_grad = g.Values.requires_grad;
                }
            }
            catch
            {
                foreach (var g in grids) g.Dispose();
                throw;
            }
            return new HierarchicalMap(Bounds, grids[0], grids[1], grids[2], grids[3], decoders, ownsDecoders: true);
        }
        catch
        {
            decoders.Dispose();
            throw;
        }
    }

    /// <summary>A deep copy in which nothing trains (every grid and decoder parameter frozen): what the mapper
    /// publishes for readers.</summary>
    public HierarchicalMap FrozenCopy()
    {
        var copy = Clone();
        foreach (var g in copy.Grids) g.Values.requires_grad = false;
        foreach (var p in copy.Decoders.parameters()) p.requires_grad = false;
        return copy;
    }

    /// <summary>Copies every grid and decoder value of <paramref name="source"/> into this map in place (its
    /// trainable flags stay as they are); false, changing nothing, when the two differ in bounds or grid shapes.</summary>
    public bool TryCopyValuesFrom(HierarchicalMap source)
    {
        if (!Bounds.Equals(source.Bounds) || !Grids.Zip(source.Grids).All(p =>
                p.First.VoxelSize == p.Second.VoxelSize && p.First.Bounds.Equals(p.Second.Bounds) && p.First.Values.shape.SequenceEqual(p.Second.Values.shape)))
            return false;
        using var _ = no_grad();
        foreach (var (target, from) in Grids.Zip(source.Grids)) target.Values.copy_(from.Values);
        foreach (var (target, from) in Decoders.parameters().Zip(source.Decoders.parameters())) target.copy_(from);
        return true;
    }

    public void Dispose()
    {
        foreach (var g in Grids) g.Dispose();
        if (ownsDecoders) Decoders.Dispose();
    }
}
