using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Meshing;
using NiceSlam.Core.Slam;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Meshing;

public class IncrementalMesherTests
{
    // A 1.28 x 1.28 x 0.64 m map meshed at 0.04 m in blocks of 8 cubes: 4 x 4 x 2 = 32 blocks. Random decoders
    // and grids scaled up give a field whose zero level crosses the whole box.
    private const double Voxel = 0.04, Margin = 0.1;
    private const int BlockCubes = 8;
    private static readonly Bounds3 Box = new(0, 0, 0, 1.28, 1.28, 0.64);

    private sealed class Scene : IDisposable
    {
        public Scene()
        {
            var options = SlamPresets.Cpu();
            Decoders = new NiceDecoders(new Generator(0));
            using var generator = new Generator(3);
            Map = HierarchicalMap.Create(Box, options, Decoders, generator);
            using (no_grad())
            {
                Map.Middle.Values.mul_(100);
                Map.Fine.Values.mul_(1000);
                Map.Color.Values.mul_(100);
            }
        }

        public NiceDecoders Decoders { get; }
        public HierarchicalMap Map { get; private set; }
        public List<FrameTensors> Frames { get; } = [];

        /// <summary>A camera at <paramref name="x"/>, y = 0.64, 1.5 m before the box (z = -1.5) looking along +z,
        /// 40 x 30 pixels with f = 40, every pixel 3 m deep: it sees the part of the box its frustum holds.</summary>
        public CullingView View(double x, double yaw = 0)
        {
            var k = new CameraIntrinsics(40, 30, 40, 40, 19.5, 14.5);
            var frame = new FrameTensors(new RgbdFrame(Frames.Count, Frames.Count, new byte[40 * 30 * 3], Enumerable.Repeat(3f, 40 * 30).ToArray(), k), CPU);
            Frames.Add(frame);
            return new CullingView(frame, RigidTransform.FromAxisAngle(0, 1, 0, yaw, x, 0.64, -1.5));
        }

        public void Grow(Bounds3 cover)
        {
            var grown = Map.Grown(cover, new Generator(5));
            Map.Dispose();
            Map = grown;
        }

        public void Dispose()
        {
            Map.Dispose();
            Decoders.Dispose();
            foreach (var f in Frames) f.Dispose();
        }
    }

    /// <summary>Adds <paramref name="delta"/> to every channel of a grid's vertices in the index box
    /// [z0, z0 + n) x [y0, y0 + n) x [x0, x0 + n).</summary>
    private static void Nudge(FeatureGrid grid, int x0, int y0, int z0, int n, float delta)
    {
        using var _ = no_grad();
        grid.Values.narrow(2, z0, n).narrow(3, y0, n).narrow(4, x0, n).add_(delta);
    }

    /// <summary>Every triangle of <paramref name="expected"/> has one in <paramref name="actual"/> with the same three
    /// vertices in the same order within 1e-4 m and colours within 2, and the counts agree.</summary>
    private static void AssertSameTriangles(TriangleMesh expected, TriangleMesh actual)
    {
        Assert.Equal(expected.FaceCount, actual.FaceCount);
        var buckets = new Dictionary<(long, long, long), List<int>>();
        (long, long, long) Bucket(TriangleMesh m, int f, int dx = 0, int dy = 0, int dz = 0)
        {
            double x = 0, y = 0, z = 0;
            for (int i = 0; i < 3; i++)
            {
                int v = m.Faces[3 * f + i];
                x += m.Vertices[3 * v]; y += m.Vertices[3 * v + 1]; z += m.Vertices[3 * v + 2];
            }
            return ((long)Math.Floor(x / 3 / 0.01) + dx, (long)Math.Floor(y / 3 / 0.01) + dy, (long)Math.Floor(z / 3 / 0.01) + dz);
        }
        for (int f = 0; f < actual.FaceCount; f++)
        {
            var key = Bucket(actual, f);
            if (!buckets.TryGetValue(key, out var list)) buckets[key] = list = [];
            list.Add(f);
        }
        bool Same(int fe, int fa)
        {
            for (int i = 0; i < 3; i++)
            {
                int ve = expected.Faces[3 * fe + i], va = actual.Faces[3 * fa + i];
                for (int a = 0; a < 3; a++)
                {
                    if (Math.Abs(expected.Vertices[3 * ve + a] - actual.Vertices[3 * va + a]) > 1e-4) return false;
                    if (expected.Colors is { } ce && actual.Colors is { } ca && Math.Abs(ce[3 * ve + a] - ca[3 * va + a]) > 2) return false;
                }
            }
            return true;
        }
        var used = new HashSet<int>();
        int missing = 0;
        for (int f = 0; f < expected.FaceCount; f++)
        {
            bool found = false;
            for (int dz = -1; dz <= 1 && !found; dz++)
                for (int dy = -1; dy <= 1 && !found; dy++)
                    for (int dx = -1; dx <= 1 && !found; dx++)
                        if (buckets.TryGetValue(Bucket(expected, f, dx, dy, dz), out var list))
                            foreach (int fa in list)
                                if (!used.Contains(fa) && Same(f, fa)) { used.Add(fa); found = true; break; }
            if (!found) missing++;
        }
        Assert.Equal(0, missing);
    }

    [Fact]
    public void After_a_sequence_of_map_changes_the_incremental_mesh_has_the_triangles_of_a_full_extraction()
    {
        using var scene = new Scene();
        using var mesher = new IncrementalMesher(Voxel, Margin, BlockCubes);
        var views = new List<CullingView> { scene.View(0.3) };
        var first = mesher.Update(scene.Map, views);
        Assert.True(first.Mesh.FaceCount > 100, $"the test field should cross the box, got {first.Mesh.FaceCount} faces");
        AssertSameTriangles(Mesher.Extract(scene.Map, Voxel, views, Margin), first.Mesh);

        Nudge(scene.Map.Fine, 1, 1, 1, 2, 3f);                                      // geometry, locally
        mesher.Update(scene.Map, views);
        views.Add(scene.View(1.0));                                                // a keyframe added
        mesher.Update(scene.Map, views);
        views[0] = views[0] with { CameraToWorld = RigidTransform.FromAxisAngle(0, 1, 0, 0.2, 0.3, 0.64, -1.5) };   // bundle adjustment moved it
        Nudge(scene.Map.Color, 5, 5, 2, 2, 2f);                                     // colour, locally
        mesher.Update(scene.Map, views);
        scene.Grow(new Bounds3(-0.3, 0, 0, 1.28, 1.6, 0.64));                       // grows below x and above y
        Nudge(scene.Map.Middle, 0, 0, 0, 2, 2f);
        var last = mesher.Update(scene.Map, views);

        Assert.True(last.BlocksTotal > first.BlocksTotal);
        AssertSameTriangles(Mesher.Extract(scene.Map, Voxel, views, Margin), last.Mesh);
    }

    [Fact]
    public void An_unchanged_map_and_views_remesh_recull_and_recolour_no_block()
    {
        using var scene = new Scene();
        using var mesher = new IncrementalMesher(Voxel, Margin, BlockCubes);
        var views = new List<CullingView> { scene.View(0.3) };
        var first = mesher.Update(scene.Map, views);
        var second = mesher.Update(scene.Map, views);

        Assert.Equal(32, first.BlocksMeshed);
        Assert.Equal((0, 0, 0), (second.BlocksMeshed, second.BlocksCulled, second.BlocksColoured));
        Assert.Empty(second.Changed);
        Assert.Equal(first.Mesh.FaceCount, second.Mesh.FaceCount);
    }

    [Fact]
    public void A_change_confined_to_one_region_remeshes_only_the_blocks_touching_it()
    {
        using var scene = new Scene();
        using var mesher = new IncrementalMesher(Voxel, Margin, BlockCubes);
        var views = new List<CullingView> { scene.View(0.3) };
        mesher.Update(scene.Map, views);

        // Fine vertex (x 1, y 1, z 1) sits at (0.16, 0.16, 0.16) m; its trilinear support is the 0.32 m cube around
        // it, x y z in [0, 0.32]. Blocks are 0.32 m: with the tracker's one-vertex slack, the blocks up to index 1
        // on each axis may be touched (8 of 32), no block beyond.
        Nudge(scene.Map.Fine, 1, 1, 1, 1, 5f);
        var round = mesher.Update(scene.Map, views);

        Assert.InRange(round.BlocksMeshed, 1, 8);
        Assert.All(round.Changed, b => Assert.True(b.X <= 1 && b.Y <= 1 && b.Z <= 1, $"block {b} is far from the change"));
    }

    [Fact]
    public void A_keyframe_added_reculls_the_blocks_in_its_frustum_without_remeshing_any()
    {
        using var scene = new Scene();
        using var mesher = new IncrementalMesher(Voxel, Margin, BlockCubes);
        var views = new List<CullingView> { scene.View(0.3) };
        var first = mesher.Update(scene.Map, views);
        views.Add(scene.View(1.0));
        var round = mesher.Update(scene.Map, views);

        Assert.Equal(0, round.BlocksMeshed);
        Assert.InRange(round.BlocksCulled, 1, round.BlocksTotal);
        Assert.True(round.Mesh.FaceCount > first.Mesh.FaceCount, "the second view sees faces the first did not");
    }

    [Fact]
    public void A_grown_map_remeshes_only_the_new_blocks_and_those_whose_cubes_changed()
    {
        using var scene = new Scene();
        using var mesher = new IncrementalMesher(Voxel, Margin, BlockCubes);
        var views = new List<CullingView> { scene.View(0.3) };
        var first = mesher.Update(scene.Map, views);
        var before = mesher.Lattice!.BlocksOf(scene.Map.Bounds);
        scene.Grow(new Bounds3(-0.3, 0, 0, 1.28, 1.28, 0.64));                      // 0.32 m more below x: one column of blocks
        var round = mesher.Update(scene.Map, views);
        var after = mesher.Lattice!.BlocksOf(scene.Map.Bounds);

        Assert.False(round.Rebuilt);
        int newOrChanged = after.Count(p => !before.TryGetValue(p.Key, out var cubes) || cubes != p.Value);
        Assert.Equal(8, newOrChanged);
        // The new vertices of the grown grids also count as changed values, which touches the blocks beside them.
        Assert.InRange(round.BlocksMeshed, newOrChanged, newOrChanged + 8);
        Assert.Equal(first.BlocksTotal + 8, round.BlocksTotal);
    }

    [Fact]
    public void An_occupancy_projection_that_reuses_the_previous_one_equals_a_full_projection()
    {
        using var scene = new Scene();
        using var mesher = new IncrementalMesher(Voxel, Margin, BlockCubes);
        var views = new List<CullingView> { scene.View(0.3) };
        var mapFromWorld = new RigidTransform([0, 0, 1, -1, 0, 0, 0, -1, 0], 0, 0, 0);
        mesher.Update(scene.Map, views);
        var previous = OccupancyProjection.Project(scene.Map, views, mapFromWorld, -1.2, -0.1, 0.05, Margin);
        Nudge(scene.Map.Fine, 1, 1, 1, 1, 5f);
        var round = mesher.Update(scene.Map, views);
        var lattice = mesher.Lattice!;

        var reused = OccupancyProjection.Project(scene.Map, views, mapFromWorld, -1.2, -0.1, 0.05, Margin,
            reuse: new OccupancyReuse(previous, points => lattice.Contains(points, round.Changed)));
        var full = OccupancyProjection.Project(scene.Map, views, mapFromWorld, -1.2, -0.1, 0.05, Margin);

        Assert.Equal(full.Cells, reused.Cells);
        Assert.NotEqual(previous.Cells, full.Cells);
        Assert.InRange(reused.EvaluatedColumns, 1, full.Cells.Length - 1);
    }
    [Fact]
    public void Value_changes_below_the_tolerance_add_up_until_they_remesh()
    {
        using var scene = new Scene();
        using var mesher = new IncrementalMesher(Voxel, Margin, BlockCubes, valueTolerance: 0.5);
        var views = new List<CullingView> { scene.View(0.3) };
        mesher.Update(scene.Map, views);

        Nudge(scene.Map.Fine, 1, 1, 1, 1, 0.3f);
        var small = mesher.Update(scene.Map, views);
        Nudge(scene.Map.Fine, 1, 1, 1, 1, 0.3f);                                   // 0.6 from the values last meshed
        var added = mesher.Update(scene.Map, views);

        Assert.Equal(0, small.BlocksMeshed);
        Assert.InRange(added.BlocksMeshed, 1, 8);
    }

    [Fact]
    public void Keyframe_moves_below_the_pose_tolerance_add_up_until_they_recull()
    {
        using var scene = new Scene();
        using var mesher = new IncrementalMesher(Voxel, Margin, BlockCubes, poseTolerance: 0.05);
        var views = new List<CullingView> { scene.View(0.3) };
        mesher.Update(scene.Map, views);

        views[0] = views[0] with { CameraToWorld = RigidTransform.FromAxisAngle(0, 1, 0, 0, 0.33, 0.64, -1.5) };   // 3 cm
        var small = mesher.Update(scene.Map, views);
        views[0] = views[0] with { CameraToWorld = RigidTransform.FromAxisAngle(0, 1, 0, 0, 0.36, 0.64, -1.5) };   // 6 cm from where it was culled
        var added = mesher.Update(scene.Map, views);

        Assert.Equal((0, 0), (small.BlocksMeshed, small.BlocksCulled));
        Assert.Equal(0, added.BlocksMeshed);
        Assert.True(added.BlocksCulled > 0);
    }
}
