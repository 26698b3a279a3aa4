using NiceSlam.Core.Compute;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Meshing;

/// <summary>A view that culls the mesh: a keyframe's depth and its pose.</summary>
public sealed record CullingView(FrameTensors Frame, RigidTransform CameraToWorld);

/// <summary>
/// Mesh extraction as the reference does it: the fine-level logit (middle + fine) sampled on a regular lattice over
/// the map bounds, marching cubes at logit 0 (occupancy 0.5), vertex colours from the colour decoder, and faces that
/// no keyframe saw removed (a vertex is seen when it projects inside a keyframe, in front of it and no farther than a
/// margin behind that keyframe's measured depth).
/// </summary>
public static class Mesher
{
    private const int Chunk = 1 << 14;

    public static TriangleMesh Extract(HierarchicalMap map, double voxel, IReadOnlyList<CullingView> views, double cullMargin)
    {
        if (!(voxel > 0)) throw new ArgumentOutOfRangeException(nameof(voxel), "voxel must be > 0");
        var b = map.Bounds;
        int nx = (int)Math.Floor(b.SizeX / voxel) + 1, ny = (int)Math.Floor(b.SizeY / voxel) + 1, nz = (int)Math.Floor(b.SizeZ / voxel) + 1;
        var values = SampleLogits(map, nx, ny, nz, voxel);
        var mesh = MarchingCubes.Extract(values, nx, ny, nz, 0f, (b.MinX, b.MinY, b.MinZ), (voxel, voxel, voxel));
        if (mesh.FaceCount == 0) return mesh;
        if (views.Count > 0)
        {
            var seen = Seen(mesh.Vertices, views, cullMargin, map.Device);
            var keep = new bool[mesh.FaceCount];
            for (int f = 0; f < keep.Length; f++)
                keep[f] = seen[mesh.Faces[3 * f]] && seen[mesh.Faces[3 * f + 1]] && seen[mesh.Faces[3 * f + 2]];
            mesh = mesh.KeepFaces(keep);
            if (mesh.FaceCount == 0) return mesh;
        }
        return mesh.WithColors(Colors(map, mesh.Vertices));
    }

    /// <summary>Fine-level logits on the lattice, x fastest: [nz * ny * nx].</summary>
    private static float[] SampleLogits(HierarchicalMap map, int nx, int ny, int nz, double voxel)
    {
        var b = map.Bounds;
        var result = new float[checked(nx * ny * nz)];
        using var _ = inference_mode();
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var xs = arange(HeldScalars.Zero, s.Integer(nx), HeldScalars.One, float32, map.Device).mul(s[(float)voxel]).add(s[(float)b.MinX], HeldScalars.One);
        var ys = arange(HeldScalars.Zero, s.Integer(ny), HeldScalars.One, float32, map.Device).mul(s[(float)voxel]).add(s[(float)b.MinY], HeldScalars.One);
        int slab = Math.Max(1, Chunk / (nx * ny));
        for (int z0 = 0; z0 < nz; z0 += slab)
        {
            using var inner = NewDisposeScope();
            int count = Math.Min(slab, nz - z0);
            var zs = arange(s.Integer(z0), s.Integer(z0 + count), HeldScalars.One, float32, map.Device).mul(s[(float)voxel]).add(s[(float)b.MinZ], HeldScalars.One);
            var grid = meshgrid([zs, ys, xs], indexing: "ij");                                      // 3 x [count, ny, nx]
            var points = stack([grid[2], grid[1], grid[0]], -1).reshape(-1, 3);                    // [count*ny*nx, 3]
            var logits = map.Query(MapLevel.Fine, points, color: false).Logit.to(float32).cpu();
            logits.data<float>().CopyTo(result, z0 * nx * ny);
        }
        return result;
    }

    private static bool[] Seen(float[] vertices, IReadOnlyList<CullingView> views, double margin, Device device)
    {
        using var _ = inference_mode();
        using var scope = NewDisposeScope();
        var points = tensor(vertices, float32).to(device).reshape(-1, 3);                       // [V, 3]
        return ViewVisibility.Seen(points, views, margin).cpu().data<bool>().ToArray();
    }

    private static byte[] Colors(HierarchicalMap map, float[] vertices)
    {
        using var _ = inference_mode();
        using var scope = NewDisposeScope();
        var points = tensor(vertices, float32).to(map.Device).reshape(-1, 3);
        var parts = new List<Tensor>();
        for (long start = 0; start < points.shape[0]; start += Chunk)
        {
            using var chunk = NewDisposeScope();                                              // one chunk's activations at a time
            parts.Add(map.Rgb(points.narrow(0, start, Math.Min(Chunk, points.shape[0] - start))).MoveToOuterDisposeScope());
        }
        using var s = new HeldScalars();
        var rgb = cat(parts, 0).clamp(HeldScalars.Zero, HeldScalars.One).mul(s.Integer(255)).round().to(ScalarType.Byte).cpu();
        return rgb.reshape(-1).data<byte>().ToArray();
    }
}
