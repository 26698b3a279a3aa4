using NiceSlam.Core.Compute;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NiceSlam.Core.Map;

/// <summary>
/// One dense feature grid of the hierarchical map: values [1, C, Z, Y, X] at the vertices of a regular lattice that
/// spans <see cref="Bounds"/> (vertex 0 at the minimum corner, the last vertex at the maximum; new grids put their
/// vertices exactly one voxel apart, <see cref="ShapeFor"/>, so that a grid can grow by whole voxels,
/// <see cref="Grown"/>, keeping every vertex where it was), looked up by
/// trilinear interpolation exactly as NICE-SLAM does (grid_sample, bilinear, align_corners = true, border padding,
/// on coordinates normalised to [-1, 1] over the bounds). The values are kept channels-last in memory (channel
/// innermost; the shape stays [1, C, Z, Y, X]) so that they are also a table [Z*Y*X, C] without a copy: the fused
/// lookup (<see cref="Corners"/>, <see cref="SampleCorners"/>) reads whole feature rows. The grid owns its values (detached from every dispose
/// scope); <see cref="Dispose"/> frees them.
/// </summary>
public sealed class FeatureGrid : IDisposable
{
    private FeatureGrid(Bounds3 bounds, double voxelSize, Parameter values)
    {
        Bounds = bounds;
        VoxelSize = voxelSize;
        Values = values;
    }

    public Bounds3 Bounds { get; }

    /// <summary>Nominal voxel edge, metres (the vertex count per axis is max(2, int(extent / voxel))).</summary>
    public double VoxelSize { get; }

    /// <summary>[1, C, Z, Y, X], trainable.</summary>
    public Parameter Values { get; }

    public long Channels => Values.shape[1];

    /// <summary>A grid over <paramref name="bounds"/> with its extents rounded up to whole voxels (the minimum
    /// corner kept, <see cref="Bounds3.RoundedUp"/>), initialised N(0, std²).</summary>
    public static FeatureGrid Create(Bounds3 bounds, double voxelSize, int channels, double std, Generator? generator = null, Device? device = null)
    {
        bounds.Validate();
        if (!(voxelSize > 0)) throw new ArgumentOutOfRangeException(nameof(voxelSize), "voxel size must be > 0");
        bounds = bounds.RoundedUp(voxelSize);
        var shape = ShapeFor(bounds, voxelSize, channels);
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var values = randn(shape, generator: generator).mul(s[std]);
        if (device is not null) values = values.to(device);
        return new FeatureGrid(bounds, voxelSize, Owned(nn.Parameter(ChannelsLast(values))));
    }

    /// <summary>The same values [1, C, Z, Y, X] laid out channels-last in memory, always a copy.</summary>
    private static Tensor ChannelsLast(Tensor values)
    {
        var rows = values.permute(0, 2, 3, 4, 1);                                                 // [1, Z, Y, X, C]
        return (rows.is_contiguous() ? rows.clone() : rows.contiguous()).permute(0, 4, 1, 2, 3);
    }

    /// <summary>The values' shape [1, C, Z, Y, X] of a grid over <paramref name="bounds"/> (extents whole voxels,
    /// <see cref="Bounds3.RoundedUp"/>) at <paramref name="voxelSize"/>: extent / voxel + 1 vertices per axis, one
    /// voxel apart.</summary>
    public static long[] ShapeFor(Bounds3 bounds, double voxelSize, int channels)
    {
        long VertexCount(double extent) => Math.Max(2, (long)Math.Ceiling(extent / voxelSize - Bounds3.Tolerance) + 1);
        return [1, channels, VertexCount(bounds.SizeZ), VertexCount(bounds.SizeY), VertexCount(bounds.SizeX)];
    }

    /// <summary>The shape the reference's lattice gives (max(2, int(extent / voxel)) vertices per axis spread over the
    /// extent, so slightly more than a voxel apart), which maps saved before grids could grow have; they load and
    /// work as before but cannot grow.</summary>
    public static long[] LegacyShapeFor(Bounds3 bounds, double voxelSize, int channels)
    {
        long VertexCount(double extent) => Math.Max(2, (long)(extent / voxelSize));
        return [1, channels, VertexCount(bounds.SizeZ), VertexCount(bounds.SizeY), VertexCount(bounds.SizeX)];
    }

    /// <summary>Whether <paramref name="shape"/> fits a grid over <paramref name="bounds"/> at <paramref name="voxelSize"/>
    /// (<see cref="ShapeFor"/> or, for maps saved earlier, <see cref="LegacyShapeFor"/>).</summary>
    public static bool Fits(long[] shape, Bounds3 bounds, double voxelSize) =>
        shape.Length == 5 && (shape.SequenceEqual(ShapeFor(bounds, voxelSize, (int)shape[1])) || shape.SequenceEqual(LegacyShapeFor(bounds, voxelSize, (int)shape[1])));

    /// <summary>Vertices exactly one voxel apart on every axis (every new grid; not a map saved before grids could grow).</summary>
    public bool CanGrow
    {
        get
        {
            var expected = ShapeFor(Bounds, VoxelSize, (int)Values.shape[1]);
            return Values.shape.SequenceEqual(expected)
                && Math.Abs((expected[4] - 1) * VoxelSize - Bounds.SizeX) <= Bounds3.Tolerance * VoxelSize
                && Math.Abs((expected[3] - 1) * VoxelSize - Bounds.SizeY) <= Bounds3.Tolerance * VoxelSize
                && Math.Abs((expected[2] - 1) * VoxelSize - Bounds.SizeZ) <= Bounds3.Tolerance * VoxelSize;
        }
    }

    /// <summary>
    /// A new grid whose bounds are the smallest box on this grid's lattice that holds <paramref name="cover"/> and
    /// these bounds: every existing vertex keeps its position and its value (copied), new vertices are initialised
    /// N(0, std²) as at the start, and the values are trainable as this grid's are. This grid is left as it was
    /// (the caller disposes it). Throws <see cref="InvalidOperationException"/> when the grid cannot grow
    /// (<see cref="CanGrow"/>).
    /// </summary>
    public FeatureGrid Grown(Bounds3 cover, double std, Generator? generator = null)
    {
        if (!CanGrow) throw new InvalidOperationException($"this grid's vertices are not one voxel apart (a map saved before grids could grow): it cannot grow");
        cover.Validate();
        var b = Bounds;
        double v = VoxelSize;
        long Below(double have, double need) => need < have ? (long)Math.Ceiling((have - need) / v - Bounds3.Tolerance) : 0;
        long Above(double have, double need) => need > have ? (long)Math.Ceiling((need - have) / v - Bounds3.Tolerance) : 0;
        long lx = Below(b.MinX, cover.MinX), ly = Below(b.MinY, cover.MinY), lz = Below(b.MinZ, cover.MinZ);
        long hx = Above(b.MaxX, cover.MaxX), hy = Above(b.MaxY, cover.MaxY), hz = Above(b.MaxZ, cover.MaxZ);
        var bounds = new Bounds3(b.MinX - lx * v, b.MinY - ly * v, b.MinZ - lz * v, b.MaxX + hx * v, b.MaxY + hy * v, b.MaxZ + hz * v);
        long nz = Values.shape[2], ny = Values.shape[3], nx = Values.shape[4];
        long[] shape = [1, Values.shape[1], nz + lz + hz, ny + ly + hy, nx + lx + hx];
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var values = randn(shape, generator: generator).to(Values.device).mul(s[std]);          // [1, C, Z', Y', X']
        var grown = ChannelsLast(values);
        using (no_grad()) grown.narrow(2, lz, nz).narrow(3, ly, ny).narrow(4, lx, nx).copy_(Values);
        var parameter = Owned(nn.Parameter(grown, Values.requires_grad));
        return new FeatureGrid(bounds, v, parameter);
    }

    /// <summary>A grid from existing values [1, C, Z, Y, X] (e.g. loaded).</summary>
    public static FeatureGrid FromValues(Bounds3 bounds, double voxelSize, Tensor values)
    {
        bounds.Validate();
        if (values.dim() != 5 || values.shape[0] != 1) throw new ArgumentException($"grid values must be [1, C, Z, Y, X], got [{string.Join(", ", values.shape)}]");
        using var scope = NewDisposeScope();
        return new FeatureGrid(bounds, voxelSize, Owned(nn.Parameter(ChannelsLast(values.detach()))));
    }

    private static Parameter Owned(Parameter values)
    {
        values.DetachFromDisposeScope();
        return values;
    }

    /// <summary>Coordinates in [-1, 1] over the bounds, xyz order: points [N, 3] -> [N, 3].</summary>
    public Tensor Normalize(Tensor points)
    {
        using var scope = NewDisposeScope();
        var min = tensor(new[] { Bounds.MinX, Bounds.MinY, Bounds.MinZ }, points.dtype, points.device);
        var size = tensor(new[] { Bounds.SizeX, Bounds.SizeY, Bounds.SizeZ }, points.dtype, points.device);
        return ((points - min) / size).mul(HeldScalars.Two).sub(HeldScalars.One).MoveToOuterDisposeScope();
    }

    /// <summary>True where a point lies inside the bounds: [N, 3] -> bool [N].</summary>
    public Tensor Inside(Tensor points)
    {
        using var scope = NewDisposeScope();
        return (Normalize(points).abs() <= HeldScalars.One).all(-1).MoveToOuterDisposeScope();
    }

    /// <summary>Trilinear features at points [N, 3] (world) -> [N, C].</summary>
    public Tensor Sample(Tensor points)
    {
        using var scope = NewDisposeScope();
        return SampleAt(Coordinates(points)).MoveToOuterDisposeScope();
    }

    /// <summary>The lookup coordinates of points [N, 3] (world): [1, 1, 1, N, 3] in [-1, 1] over the bounds, the
    /// form <see cref="SampleAt"/> reads; grids over the same bounds share them.</summary>
    public Tensor Coordinates(Tensor points)
    {
        using var scope = NewDisposeScope();
        return Normalize(points).to(Values.dtype).reshape(1, 1, 1, -1, 3).MoveToOuterDisposeScope();
    }

    /// <summary>Trilinear features at lookup coordinates [1, 1, 1, N, 3] (<see cref="Coordinates"/>) -> [N, C].</summary>
    public Tensor SampleAt(Tensor grid)
    {
        using var scope = NewDisposeScope();
        var sampled = nn.functional.grid_sample(Values, grid, mode: GridSampleMode.Bilinear,
            padding_mode: GridSamplePaddingMode.Border, align_corners: true);                 // [1, C, 1, 1, N]
        return sampled.reshape(Values.shape[1], -1).t().MoveToOuterDisposeScope();            // [N, C]
    }

    /// <summary>
    /// The eight lattice corners around each of points [N, 3] (world) and their trilinear weights, exactly as
    /// grid_sample with align_corners and border padding weighs them (points outside are clamped to the border, where
    /// the gradient is zero): flat vertex indices (z·Y + y)·X + x [N, 8] and weights [N, 8], differentiable in the
    /// points. Grids on the same lattice (<see cref="SameLattice"/>) share them.
    /// </summary>
    public (Tensor Indices, Tensor Weights) Corners(Tensor points)
    {
        long nz = Values.shape[2], ny = Values.shape[3], nx = Values.shape[4];
        using var scope = NewDisposeScope();
        var (dtype, device) = (points.dtype, points.device);
        var min = tensor(new[] { Bounds.MinX, Bounds.MinY, Bounds.MinZ }, dtype, device);
        var last = tensor(new double[] { nx - 1, ny - 1, nz - 1 }, dtype, device);
        var scale = tensor(new[] { (nx - 1) / Bounds.SizeX, (ny - 1) / Bounds.SizeY, (nz - 1) / Bounds.SizeZ }, dtype, device);
        var continuous = ((points - min) * scale).clamp_min(HeldScalars.Zero).minimum(last);                 // [N, 3] in vertex units, x y z
        Tensor lower;
        using (no_grad()) lower = continuous.floor().minimum(last.sub(HeldScalars.One));                       // [N, 3] the lower corner
        var upper = continuous - lower;                                                          // [N, 3] upper weight per axis
        var axisWeights = cat([upper.negative().add(HeldScalars.One, HeldScalars.One), upper], 1);                                          // [N, 6]: lower x y z, upper x y z
        // Corner c (x fastest) takes, per axis, the lower or the upper weight: columns of axisWeights.
        var pick = tensor(CornerColumns, int64, device);                                         // [24]
        var weights = axisWeights.index_select(1, pick).view(-1, 8, 3).prod(2);                 // [N, 8]
        var strides = tensor(new long[] { 1, nx, nx * ny }, int64, device);
        var origin = (lower.to(int64) * strides).sum(1, keepdim: true);                          // [N, 1]
        var offsets = tensor(new long[] { 0, 1, nx, nx + 1, ny * nx, ny * nx + 1, ny * nx + nx, ny * nx + nx + 1 }, int64, device);
        return (origin.add(offsets, HeldScalars.One).MoveToOuterDisposeScope(), weights.to(Values.dtype).MoveToOuterDisposeScope()); // [N, 8], [N, 8]
    }

    /// <summary>For corners 0..7 (x fastest, then y, then z), the axisWeights column of x, y and z.</summary>
    private static readonly long[] CornerColumns = [.. Enumerable.Range(0, 8).SelectMany(c => new long[] { (c & 1) * 3 + 0, ((c >> 1) & 1) * 3 + 1, ((c >> 2) & 1) * 3 + 2 })];

    /// <summary>Whether <paramref name="other"/> has the same bounds and vertex counts (so it can share
    /// <see cref="Corners"/> and <see cref="Coordinates"/>).</summary>
    public bool SameLattice(FeatureGrid other) =>
        Bounds == other.Bounds && Values.shape[2] == other.Values.shape[2] && Values.shape[3] == other.Values.shape[3] && Values.shape[4] == other.Values.shape[4];

    /// <summary>Trilinear features [N, C] from <see cref="Corners"/>: the weighted sum of eight feature rows, one
    /// fused gather (embedding_bag), differentiable in the values and the weights. The same values as
    /// <see cref="Sample"/>.</summary>
    public Tensor SampleCorners((Tensor Indices, Tensor Weights) corners)
    {
        using var scope = NewDisposeScope();
        var table = Values.permute(0, 2, 3, 4, 1).reshape(-1, Values.shape[1]);                 // [Z*Y*X, C], a view (channels-last)
        using var bag = nn.EmbeddingBag_from_pretrained(zeros(1, Values.shape[1], Values.dtype, Values.device), freeze: true, mode: EmbeddingBagMode.Sum);
        bag.weight = new Parameter(table, table.requires_grad);                                   // the module reads the grid itself
        return bag.call(corners.Indices, null, corners.Weights).MoveToOuterDisposeScope();      // [N, C]
    }

    public void Dispose() => Values.Dispose();
}
