using NiceSlam.Core.Compute;
using NiceSlam.Core.Map;
using static TorchSharp.torch;

namespace NiceSlam.Core.Meshing;

/// <summary>
/// The mesh of <see cref="Mesher.Extract"/> kept up to date block by block: the lattice is cut into blocks fixed in
/// the world (<see cref="BlockLattice"/>), each block's triangles are cached three ways (as marched, culled,
/// coloured), and each <see cref="Update"/> redoes only what the map's changes since the previous round reach
/// (<see cref="MapChangeTracker"/>): marching for blocks whose middle/fine values changed or that are new or whose
/// cube range changed as the map grew, culling for those and for blocks in the frustum of a keyframe added or moved,
/// colours for those, for blocks whose colour values changed and for every block when the colour decoder changed.
/// A block samples the lattice points of its cubes and one beyond, so the blocks' surfaces meet exactly; the
/// result is the same set of triangles as a full extraction of the same map (up to float rounding; vertices on a
/// block face appear once per block). Single-threaded; no I/O; owns its copies of the map's values (dispose it).
/// </summary>
public sealed class IncrementalMesher : IDisposable
{
    /// <summary>Lattice points (or vertices) per decoder query: bounds peak memory.</summary>
    private const int Chunk = 1 << 14;

    private readonly double voxel, cullMargin;
    private readonly int blockCubes;
    private readonly MapChangeTracker tracker;
    private readonly Dictionary<MeshBlock, CachedBlock> cache = [];
    private BlockLattice? lattice;

    private sealed class CachedBlock(BlockCubes cubes)
    {
        public BlockCubes Cubes { get; } = cubes;
        public TriangleMesh Marched { get; set; } = TriangleMesh.Empty;
        public TriangleMesh Culled { get; set; } = TriangleMesh.Empty;
        public TriangleMesh Coloured { get; set; } = TriangleMesh.Empty;
    }

    /// <param name="voxel">Lattice step, metres (<see cref="Slam.MeshingOptions.Voxel"/>).</param>
    /// <param name="cullMargin">As <see cref="Mesher.Extract"/>'s.</param>
    /// <param name="blockCubes">Lattice cubes per block edge.</param>
    /// <param name="poseTolerance">A keyframe whose pose moved points of its frustum by at most this (metres) since
    /// its culling was last applied keeps that culling (0: any move re-culls; bundle adjustment nudges every round).</param>
    /// <param name="valueTolerance">A grid vertex whose values moved by at most this counts as unchanged (0: exact).</param>
    public IncrementalMesher(double voxel, double cullMargin, int blockCubes = 16, double poseTolerance = 0, double valueTolerance = 0)
    {
        if (!(voxel > 0) || !double.IsFinite(voxel)) throw new ArgumentOutOfRangeException(nameof(voxel), $"voxel must be finite and > 0, got {voxel}");
        if (blockCubes < 1) throw new ArgumentOutOfRangeException(nameof(blockCubes), $"a block needs at least one cube a side, got {blockCubes}");
        this.voxel = voxel;
        this.cullMargin = cullMargin;
        this.blockCubes = blockCubes;
        tracker = new MapChangeTracker(cullMargin, valueTolerance, poseTolerance);
    }

    /// <summary>The blocks' lattice (anchored at the first map's minimum corner; re-anchored when a map's corner
    /// leaves it); null before the first round.</summary>
    public BlockLattice? Lattice => lattice;

    /// <summary>Blocks marched over all rounds.</summary>
    public long BlocksMeshedSoFar { get; private set; }

    /// <summary>Brings the cached blocks up to <paramref name="map"/> culled by <paramref name="views"/> and returns
    /// the whole mesh with what this round redid.</summary>
    public IncrementalMeshRound Update(HierarchicalMap map, IReadOnlyList<CullingView> views)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(views);
        var bounds = map.Bounds;
        bool rebuilt = false;
        if (lattice is null || lattice.FirstPoint(bounds) is null)
        {
            lattice = new BlockLattice((bounds.MinX, bounds.MinY, bounds.MinZ), voxel, blockCubes);
            cache.Clear();
            rebuilt = true;
        }
        var blocks = lattice.BlocksOf(bounds);
        var changes = tracker.Update(map, views, lattice, blocks);
        if (changes.Everything)
        {
            cache.Clear();
            rebuilt = true;
        }
        foreach (var gone in cache.Keys.Where(k => !blocks.ContainsKey(k)).ToList()) cache.Remove(gone);

        var march = new List<MeshBlock>();
        foreach (var (block, cubes) in blocks)
        {
            if (cache.TryGetValue(block, out var cached) && cached.Cubes == cubes && !changes.Geometry.Contains(block)) continue;
            cache[block] = new CachedBlock(cubes);
            march.Add(block);
        }
        var cull = new HashSet<MeshBlock>(march);
        cull.UnionWith(changes.Culling.Where(blocks.ContainsKey));
        var colour = changes.ColourDecoder ? new HashSet<MeshBlock>(blocks.Keys) : new HashSet<MeshBlock>(cull);
        colour.UnionWith(changes.Colour.Where(blocks.ContainsKey));

        March(map, lattice.FirstPoint(bounds)!.Value, march);
        Cull(map, views, cull);
        Colour(map, colour);
        BlocksMeshedSoFar += march.Count;
        var mesh = Assemble(blocks.Keys.OrderBy(b => b.Z).ThenBy(b => b.Y).ThenBy(b => b.X).Select(b => cache[b].Coloured));
        return new IncrementalMeshRound(mesh, march.Count, cull.Count, colour.Count, blocks.Count, rebuilt, cull);
    }

    /// <summary>Samples the fine logit on each block's lattice points (blocks batched into decoder queries) and
    /// runs marching cubes per block.</summary>
    private void March(HierarchicalMap map, (long X, long Y, long Z) first, IReadOnlyList<MeshBlock> march)
    {
        var b = map.Bounds;
        int next = 0;
        while (next < march.Count)
        {
            // A group of blocks with about Chunk points or more (at least one block).
            var group = new List<MeshBlock>();
            long points = 0;
            while (next < march.Count && (group.Count == 0 || points + cache[march[next]].Cubes.PointCount <= 4 * Chunk))
            {
                points += cache[march[next]].Cubes.PointCount;
                group.Add(march[next++]);
            }
            var local = group.Select(g => Local(cache[g].Cubes, first)).ToList();
            var values = SampleLogits(map, local);
            long offset = 0;
            for (int i = 0; i < group.Count; i++)
            {
                var entry = cache[group[i]];
                var c = local[i];
                var (nx, ny, nz) = c.PointCounts;
                var own = new float[c.PointCount];
                Array.Copy(values, offset, own, 0, own.Length);
                offset += own.Length;
                entry.Marched = MarchingCubes.Extract(own, nx, ny, nz, 0f,
                    (b.MinX + c.X0 * voxel, b.MinY + c.Y0 * voxel, b.MinZ + c.Z0 * voxel), (voxel, voxel, voxel));
            }
        }
    }

    /// <summary>Cubes counted from the bounds' first lattice point <paramref name="first"/> instead of the anchor.</summary>
    private static BlockCubes Local(BlockCubes c, (long X, long Y, long Z) first) =>
        new((int)(c.X0 - first.X), (int)(c.X1 - first.X), (int)(c.Y0 - first.Y), (int)(c.Y1 - first.Y), (int)(c.Z0 - first.Z), (int)(c.Z1 - first.Z));

    /// <summary>The fine logits at the lattice points of <paramref name="blocks"/> (local cubes), block after block, x fastest
    /// in each, at the positions <see cref="Mesher.Extract"/> samples (bounds' minimum + local index × voxel, float32).</summary>
    private float[] SampleLogits(HierarchicalMap map, IReadOnlyList<BlockCubes> blocks)
    {
        var b = map.Bounds;
        using var _ = inference_mode();
        using var scope = NewDisposeScope();
        var device = map.Device;
        using var s = new HeldScalars();
        var lattice = cat(blocks.Select(c =>
        {
            var xs = arange(s.Integer(c.X0), s.Integer(c.X1 + 1), HeldScalars.One, float32, device).mul(s[(float)voxel]).add(s[(float)b.MinX], HeldScalars.One);
            var ys = arange(s.Integer(c.Y0), s.Integer(c.Y1 + 1), HeldScalars.One, float32, device).mul(s[(float)voxel]).add(s[(float)b.MinY], HeldScalars.One);
            var zs = arange(s.Integer(c.Z0), s.Integer(c.Z1 + 1), HeldScalars.One, float32, device).mul(s[(float)voxel]).add(s[(float)b.MinZ], HeldScalars.One);
            var grid = meshgrid([zs, ys, xs], indexing: "ij");                                  // 3 x [nz, ny, nx]
            return stack([grid[2], grid[1], grid[0]], -1).reshape(-1, 3);                      // [nz*ny*nx, 3]
        }).ToList(), 0);                                                                         // [P, 3]
        var result = new float[lattice.shape[0]];
        for (long start = 0; start < result.Length; start += Chunk)
        {
            using var inner = NewDisposeScope();
            var points = lattice.narrow(0, start, Math.Min(Chunk, result.Length - start));
            map.Query(MapLevel.Fine, points, color: false).Logit.to(float32).cpu().data<float>().CopyTo(result, (int)start);
        }
        return result;
    }

    /// <summary>Keeps the faces of each block's marched mesh whose three vertices some view sees (all of them
    /// without views), one visibility pass over the blocks' vertices together.</summary>
    private void Cull(HierarchicalMap map, IReadOnlyList<CullingView> views, IReadOnlyCollection<MeshBlock> cull)
    {
        var entries = cull.Select(b => cache[b]).ToList();
        foreach (var e in entries) e.Culled = e.Marched;
        if (views.Count == 0) return;
        var withFaces = entries.Where(e => e.Marched.FaceCount > 0).ToList();
        if (withFaces.Count == 0) return;
        bool[] seen;
        using (inference_mode())
        using (NewDisposeScope())
        {
            var points = tensor(Concat(withFaces.Select(e => e.Marched.Vertices)), float32).to(map.Device).reshape(-1, 3);   // [V, 3]
            seen = ViewVisibility.Seen(points, views, cullMargin).cpu().data<bool>().ToArray();
        }
        int offset = 0;
        foreach (var e in withFaces)
        {
            var m = e.Marched;
            var keep = new bool[m.FaceCount];
            for (int f = 0; f < keep.Length; f++)
                keep[f] = seen[offset + m.Faces[3 * f]] && seen[offset + m.Faces[3 * f + 1]] && seen[offset + m.Faces[3 * f + 2]];
            e.Culled = m.KeepFaces(keep);
            offset += m.VertexCount;
        }
    }

    /// <summary>Colours each block's culled vertices from the colour grid and decoder, one pass over the blocks'
    /// vertices together.</summary>
    private void Colour(HierarchicalMap map, IReadOnlyCollection<MeshBlock> colour)
    {
        var entries = colour.Select(b => cache[b]).ToList();
        foreach (var e in entries) e.Coloured = e.Culled.FaceCount == 0 ? TriangleMesh.Empty : e.Culled;
        var withFaces = entries.Where(e => e.Culled.FaceCount > 0).ToList();
        if (withFaces.Count == 0) return;
        byte[] rgb;
        using (inference_mode())
        using (NewDisposeScope())
        {
            using var s = new HeldScalars();
            var points = tensor(Concat(withFaces.Select(e => e.Culled.Vertices)), float32).to(map.Device).reshape(-1, 3);   // [V, 3]
            var parts = new List<Tensor>();
            for (long start = 0; start < points.shape[0]; start += Chunk)
            {
                using var chunk = NewDisposeScope();
                parts.Add(map.Rgb(points.narrow(0, start, Math.Min(Chunk, points.shape[0] - start))).MoveToOuterDisposeScope());
            }
            rgb = cat(parts, 0).clamp(HeldScalars.Zero, HeldScalars.One).mul(s.Integer(255)).round().to(ScalarType.Byte).cpu().reshape(-1).data<byte>().ToArray();   // [V * 3]
        }
        int offset = 0;
        foreach (var e in withFaces)
        {
            var colours = new byte[e.Culled.Vertices.Length];
            Array.Copy(rgb, offset, colours, 0, colours.Length);
            offset += colours.Length;
            e.Coloured = e.Culled.WithColors(colours);
        }
    }

    private static T[] Concat<T>(IEnumerable<T[]> parts)
    {
        var list = parts.ToList();
        var all = new T[list.Sum(p => p.Length)];
        int offset = 0;
        foreach (var p in list)
        {
            Array.Copy(p, 0, all, offset, p.Length);
            offset += p.Length;
        }
        return all;
    }

    /// <summary>The blocks' meshes as one (vertices appended, face indices shifted); coloured when any block is.</summary>
    private static TriangleMesh Assemble(IEnumerable<TriangleMesh> parts)
    {
        var meshes = parts.Where(m => m.FaceCount > 0).ToList();
        if (meshes.Count == 0) return TriangleMesh.Empty;
        var vertices = Concat(meshes.Select(m => m.Vertices));
        var colours = meshes.All(m => m.Colors is not null) ? Concat(meshes.Select(m => m.Colors!)) : null;
        var faces = new int[meshes.Sum(m => m.Faces.Length)];
        int faceOffset = 0, vertexOffset = 0;
        foreach (var m in meshes)
        {
            for (int i = 0; i < m.Faces.Length; i++) faces[faceOffset + i] = m.Faces[i] + vertexOffset;
            faceOffset += m.Faces.Length;
            vertexOffset += m.VertexCount;
        }
        return new TriangleMesh(vertices, faces, colours);
    }

    public void Dispose()
    {
        tracker.Dispose();
        cache.Clear();
    }
}
