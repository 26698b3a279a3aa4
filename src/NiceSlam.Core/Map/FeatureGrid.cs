using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NiceSlam.Core.Map;

/// <summary>
/// One dense feature grid of the hierarchical map: values [1, C, Z, Y, X] at the vertices of a regular lattice that
/// spans <see cref="Bounds"/> (vertex 0 at the minimum corner, the last vertex at the maximum), looked up by
/// trilinear interpolation exactly as NICE-SLAM does (grid_sample, bilinear, align_corners = true, border padding,
/// on coordinates normalised to [-1, 1] over the bounds). The grid owns its values (detached from every dispose
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

    /// <summary>A grid over <paramref name="bounds"/> initialised N(0, std²).</summary>
    public static FeatureGrid Create(Bounds3 bounds, double voxelSize, int channels, double std, Generator? generator = null, Device? device = null)
    {
        bounds.Validate();
        if (!(voxelSize > 0)) throw new ArgumentOutOfRangeException(nameof(voxelSize), "voxel size must be > 0");
        var shape = ShapeFor(bounds, voxelSize, channels);
        using var scope = NewDisposeScope();
        var values = randn(shape, generator: generator) * std;
        if (device is not null) values = values.to(device);
        return new FeatureGrid(bounds, voxelSize, Owned(nn.Parameter(values)));
    }

    /// <summary>The values' shape [1, C, Z, Y, X] of a grid over <paramref name="bounds"/> at <paramref name="voxelSize"/>:
    /// max(2, int(extent / voxel)) vertices per axis.</summary>
    public static long[] ShapeFor(Bounds3 bounds, double voxelSize, int channels)
    {
        long VertexCount(double extent) => Math.Max(2, (long)(extent / voxelSize));
        return [1, channels, VertexCount(bounds.SizeZ), VertexCount(bounds.SizeY), VertexCount(bounds.SizeX)];
    }

    /// <summary>A grid from existing values [1, C, Z, Y, X] (e.g. loaded).</summary>
    public static FeatureGrid FromValues(Bounds3 bounds, double voxelSize, Tensor values)
    {
        bounds.Validate();
        if (values.dim() != 5 || values.shape[0] != 1) throw new ArgumentException($"grid values must be [1, C, Z, Y, X], got [{string.Join(", ", values.shape)}]");
        using var scope = NewDisposeScope();
        return new FeatureGrid(bounds, voxelSize, Owned(nn.Parameter(values.detach().clone())));
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
        return ((points - min) / size * 2 - 1).MoveToOuterDisposeScope();
    }

    /// <summary>True where a point lies inside the bounds: [N, 3] -> bool [N].</summary>
    public Tensor Inside(Tensor points)
    {
        using var scope = NewDisposeScope();
        return (Normalize(points).abs() <= 1).all(-1).MoveToOuterDisposeScope();
    }

    /// <summary>Trilinear features at points [N, 3] (world) -> [N, C].</summary>
    public Tensor Sample(Tensor points)
    {
        using var scope = NewDisposeScope();
        var grid = Normalize(points).to(Values.dtype).reshape(1, 1, 1, -1, 3);                 // [1, 1, 1, N, 3]
        var sampled = nn.functional.grid_sample(Values, grid, mode: GridSampleMode.Bilinear,
            padding_mode: GridSamplePaddingMode.Border, align_corners: true);                 // [1, C, 1, 1, N]
        return sampled.reshape(Values.shape[1], -1).t().MoveToOuterDisposeScope();            // [N, C]
    }

    public void Dispose() => Values.Dispose();
}
