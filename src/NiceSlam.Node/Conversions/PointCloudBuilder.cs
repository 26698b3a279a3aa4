using System.Runtime.InteropServices;
using NiceSlam.Core.Compute;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Meshing;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using static TorchSharp.torch;

namespace NiceSlam.Node.Conversions;

/// <summary>
/// sensor_msgs/PointCloud2 of map points (the mesh's vertices, say), voxel-grid downsampled: the points are moved
/// into the output frame, binned into cubes of the voxel size aligned with that frame's axes (voxel (i, j, k) holds
/// x in [i v, (i + 1) v) etc.), and each occupied voxel gives one point, the mean position and mean colour of its
/// points, in increasing (i, j, k) order (i slowest). Non-finite points are dropped.
/// Layout, little-endian, height 1, is_dense: x, y, z FLOAT32 at offsets 0, 4, 8 and, with colours, rgb FLOAT32 at
/// 12 (PCL's packing: the bytes of the uint32 0x00RRGGBB read as a float); point_step 16 (12 without colours),
/// row_step = point_step * width.
/// </summary>
public static class PointCloudBuilder
{
    /// <summary>The cloud of points <paramref name="xyz"/> [3N] (x, y, z interleaved, world) with optional colours
    /// <paramref name="rgb"/> [3N] (r, g, b 0..255); <paramref name="voxel"/> metres (0: keep every point).</summary>
    public static PointCloud2 FromPoints(float[] xyz, byte[]? rgb, double voxel, RigidTransform worldToFrame, Header header)
    {
        ArgumentNullException.ThrowIfNull(xyz);
        ArgumentNullException.ThrowIfNull(header);
        if (xyz.Length % 3 != 0) throw new ArgumentException($"xyz must hold x, y, z per point (a multiple of 3 floats), got {xyz.Length}", nameof(xyz));
        if (rgb is not null && rgb.Length != xyz.Length)
            throw new ArgumentException($"rgb must hold r, g, b per point ({xyz.Length} bytes for {xyz.Length / 3} points), got {rgb.Length}", nameof(rgb));
        if (!(voxel >= 0) || !double.IsFinite(voxel)) throw new ArgumentOutOfRangeException(nameof(voxel), $"voxel must be a finite size >= 0 m, got {voxel}");
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("the cloud is packed from the machine's floats, which must be little-endian");

        bool colored = rgb is not null;
        float[] packed;                                                                            // [M * fields]
        using (no_grad())
        using (NewDisposeScope())
        {
            var points = PinholeCamera.Transform(tensor(xyz, float32).reshape(-1, 3).to(float64), worldToFrame); // [N, 3]
            var colors = colored ? tensor(rgb!, uint8).reshape(-1, 3).to(float64) : zeros(points.shape[0], 3, float64); // [N, 3]
            var finite = points.isfinite().all(1);                                               // [N]
            points = points[finite];
            colors = colors[finite];
            if (voxel > 0 && points.shape[0] > 0) (points, colors) = VoxelMeans(points, colors, voxel);
            var columns = new List<Tensor> { points.to(float32) };                                // [M, 3]
            if (colored)
            {
                using var s = new HeldScalars();
                var c = colors.round().clamp(HeldScalars.Zero, s.Integer(255)).to(int32);          // [M, 3]
                var word = c[.., 0].mul(s.Integer(65536)).add(c[.., 1].mul(s.Integer(256)), HeldScalars.One).add(c[.., 2], HeldScalars.One); // [M] 0x00RRGGBB
                var bits = MemoryMarshal.Cast<int, float>(word.cpu().data<int>().ToArray()).ToArray(); // same bytes as floats
                columns.Add(tensor(bits, float32).unsqueeze(1).to(points.device));                  // [M, 1]
            }
            packed = cat(columns, 1).contiguous().cpu().data<float>().ToArray();
        }

        uint step = colored ? 16u : 12u;
        uint width = (uint)(packed.Length / (colored ? 4 : 3));
        var data = new byte[packed.Length * sizeof(float)];
        Buffer.BlockCopy(packed, 0, data, 0, data.Length);
        PointField[] fields = colored ? [.. XyzFields, new PointField("rgb", 12, PointField.Float32, 1)] : XyzFields;
        return new PointCloud2
        {
            Header = header,
            Height = 1,
            Width = width,
            Fields = fields,
            IsBigEndian = false,
            PointStep = step,
            RowStep = step * width,
            Data = data,
            IsDense = true,
        };
    }

    /// <summary>The cloud of a mesh's vertices (with its vertex colours when it has them).</summary>
    public static PointCloud2 FromMesh(TriangleMesh mesh, double voxel, RigidTransform worldToFrame, Header header)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        return FromPoints(mesh.Vertices, mesh.Colors, voxel, worldToFrame, header);
    }

    private static PointField[] XyzFields =>
        [new("x", 0, PointField.Float32, 1), new("y", 4, PointField.Float32, 1), new("z", 8, PointField.Float32, 1)];

    /// <summary>Mean position and colour per occupied voxel: points, colours [N, 3] -> [M, 3] each, voxels in
    /// increasing key order.</summary>
    private static (Tensor Points, Tensor Colors) VoxelMeans(Tensor points, Tensor colors, double voxel)
    {
        using var s = new HeldScalars();
        var cell = points.div(s[voxel]).floor().to(int64);                                            // [N, 3]
        var (_, inverse, counts) = cell.unique(sorted: true, return_inverse: true, return_counts: true, dim: 0);
        long m = counts!.shape[0];
        var sums = zeros(m, 6, float64).index_add(0, inverse!, cat([points, colors], 1), HeldScalars.One);       // [M, 6]
        var means = sums / counts.to(float64).unsqueeze(1);                                          // [M, 6]
        return (means[.., ..3], means[.., 3..]);
    }
}
