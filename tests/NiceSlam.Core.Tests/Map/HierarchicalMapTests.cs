using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Slam;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Map;

public class HierarchicalMapTests
{
    private static readonly Bounds3 Room = new(-1, -1, 0, 1.5, 1, 1.1);

    [Fact]
    public void Bounds_are_rounded_up_to_the_middle_voxel_and_grids_have_the_reference_shapes()
    {
        var options = SlamPresets.Replica();
        using var map = HierarchicalMap.Create(Room, options, new NiceDecoders(new Generator(1)), new Generator(2));
        // 2.5 -> 2.56, 2 -> 2.24, 1.1 -> 1.28 (multiples of 0.32), min corner kept.
        Assert.Equal(2.56, map.Bounds.SizeX, 9);
        Assert.Equal(2.24, map.Bounds.SizeY, 9);
        Assert.Equal(1.28, map.Bounds.SizeZ, 9);
        Assert.Equal(-1, map.Bounds.MinX);
        Assert.Equal(new long[] { 1, 32, 5, 8, 9 }, map.Middle.Values.shape);     // len / 0.32 + 1: one voxel apart
        Assert.Equal(new long[] { 1, 32, 9, 15, 17 }, map.Fine.Values.shape);     // len / 0.16 + 1
        Assert.Equal(map.Bounds, map.Fine.Bounds);
        Assert.True(map.Coarse.Bounds.Contains(HierarchicalMap.CoarseBoundsOf(map.Bounds)));   // coarse covers the bound x 2,
        Assert.Equal(6.0, map.Coarse.Bounds.SizeX, 9);                                         // in whole 2 m voxels
        Assert.True(map.CanGrow);
        Assert.InRange(map.Middle.Values.std().item<float>(), 0.008, 0.012);
        Assert.InRange(map.Fine.Values.std().item<float>(), 0.5e-4, 1.5e-4);
        Assert.False(map.Decoders.Middle.parameters().First().requires_grad);      // geometry decoders frozen
        Assert.True(map.Decoders.Color.parameters().First().requires_grad);
    }

    [Fact]
    public void A_clone_is_equal_and_independent()
    {
        using var decoders = new NiceDecoders(new Generator(1));
        using var map = HierarchicalMap.Create(Room, SlamPresets.Cpu(), decoders, new Generator(2));
        using var copy = map.Clone();
        using var scope = NewDisposeScope();
        var points = rand(64, 3) * 2 - 0.5f;
        using (no_grad())
        {
            Assert.True(map.Logit(MapLevel.Fine, points).allclose(copy.Logit(MapLevel.Fine, points)));
            Assert.True(map.Rgb(points).allclose(copy.Rgb(points)));
            copy.Fine.Values.add_(1);
            Assert.False(map.Logit(MapLevel.Fine, points).allclose(copy.Logit(MapLevel.Fine, points)));
        }
    }

    [Fact]
    public void A_frozen_copy_reads_the_same_and_trains_nothing()
    {
        using var decoders = new NiceDecoders(new Generator(1));
        using var map = HierarchicalMap.Create(Room, SlamPresets.Cpu(), decoders, new Generator(2));
        using var copy = map.FrozenCopy();
        using var scope = NewDisposeScope();
        var points = rand(64, 3) * 2 - 0.5f;
        using (no_grad()) Assert.True(map.Logit(MapLevel.Fine, points).eq(copy.Logit(MapLevel.Fine, points)).all().item<bool>());
        Assert.All(copy.Grids, g => Assert.False(g.Values.requires_grad));
        Assert.All(copy.Decoders.parameters(), p => Assert.False(p.requires_grad));
        Assert.True(map.Fine.Values.requires_grad);                                // the original trains on
    }

    [Fact]
    public void A_map_disposes_its_grids_but_not_the_decoders_it_was_given()
    {
        using var decoders = new NiceDecoders(new Generator(1));
        var map = HierarchicalMap.Create(Room, SlamPresets.Cpu(), decoders, new Generator(2));
        var clone = map.Clone();
        var cloneParameter = clone.Decoders.parameters().First();
        map.Dispose();
        clone.Dispose();
        Assert.All(decoders.parameters(), p => Assert.False(p.IsInvalid));       // still the caller's
        Assert.True(cloneParameter.IsInvalid);                                   // the clone's own copy went with it
    }

    [Fact]
    public void Bounds_from_a_wall_seen_head_on_cover_the_sensor_reach_around_the_camera_with_the_margin()
    {
        var k = new CameraIntrinsics(40, 30, 30, 30, 19.5, 14.5);
        var depth = Enumerable.Repeat(2f, 40 * 30).ToArray();
        depth[0] = 50f;                                                            // one stray reading is ignored
        var frame = new RgbdFrame(0, 0, new byte[40 * 30 * 3], depth, k);
        var pose = RigidTransform.FromAxisAngle(0, 0, 1, 0, 1, 0, 0);              // moved 1 m along x
        var b = SceneBoundsEstimator.Estimate([(frame, pose)], margin: 0.5);
        // The camera may turn: the sensor's reach (2 m) around its centre (1, 0, 0), plus the margin, is inside;
        // the stray 50 m reading is not.
        Assert.Equal(2.5, b.MaxZ, 3);
        Assert.Equal(-2.5, b.MinZ, 3);
        Assert.Equal(-1.5, b.MinX, 3);
        Assert.Equal(3.5, b.MaxX, 3);
        Assert.Equal(-2.5, b.MinY, 3);
        var empty = new RgbdFrame(0, 0, new byte[40 * 30 * 3], new float[40 * 30], k);
        Assert.Throws<ArgumentException>(() => SceneBoundsEstimator.Estimate([(empty, pose)], 0.5));
    }

    [Fact]
    public void Bounds_for_a_map_that_grows_are_the_seen_volume_and_the_camera_with_the_margin()
    {
        var k = new CameraIntrinsics(40, 30, 30, 30, 19.5, 14.5);
        var depth = Enumerable.Repeat(2f, 40 * 30).ToArray();
        depth[0] = 50f;
        var frame = new RgbdFrame(0, 0, new byte[40 * 30 * 3], depth, k);
        var pose = RigidTransform.FromAxisAngle(0, 0, 1, 0, 1, 0, 0);
        var b = SceneBoundsEstimator.Estimate([(frame, pose)], margin: 0.5, sensorReach: false);
        // The wall at z = 2 (x from 1 - 2·19.5/30 to 1 + 2·20.5/30 less the outer percentile) and the camera at z = 0.
        Assert.Equal(2.5, b.MaxZ, 3);
        Assert.Equal(-0.5, b.MinZ, 3);
        Assert.InRange(b.MinX, 1 - 1.3 - 0.5 - 1e-3, 1 - 1.2 - 0.5);
        Assert.InRange(b.MaxX, 1 + 1.2 + 0.5, 1 + 1.37 + 0.5 + 1e-3);
        using var depthTensor = tensor(depth);
        var seen = SceneBoundsEstimator.Seen(depthTensor, k, pose)!.Value;
        Assert.Equal(b.Expanded(-0.5).MinX, seen.MinX, 6);
        Assert.Equal(0, seen.MinZ, 6);
        using var none = zeros(40 * 30);
        Assert.Null(SceneBoundsEstimator.Seen(none, k, pose));
    }

    [Fact]
    public void A_grown_map_renders_the_mapped_part_as_before_and_covers_the_new_box()
    {
        using var scope = NewDisposeScope();
        var decoders = new NiceDecoders(new Generator(1));
        var options = SlamPresets.Cpu();
        var map = HierarchicalMap.Create(Room, options, decoders, new Generator(2));
        var cover = new Bounds3(Room.MinX - 1.0, Room.MinY, Room.MinZ, Room.MaxX, Room.MaxY + 0.7, Room.MaxZ);
        using var grown = map.Grown(cover, new Generator(3));
        Assert.True(grown.Bounds.Contains(cover) && grown.Bounds.Contains(map.Bounds));
        Assert.Equal(map.Bounds.MinX - 4 * 0.32, grown.Bounds.MinX, 9);                           // whole middle voxels
        Assert.All(grown.Grids.Skip(1), g => Assert.True(g.Bounds.Contains(grown.Bounds)));
        Assert.True(grown.Coarse.Bounds.Contains(HierarchicalMap.CoarseBoundsOf(grown.Bounds)));
        Assert.True(grown.ParameterCount > map.ParameterCount);
        // Points inside the old bounds read the same occupancy and colour at every level.
        var b = map.Bounds;
        var points = rand(500, 3, generator: new Generator(4)) * tensor(new[] { (float)b.SizeX, (float)b.SizeY, (float)b.SizeZ })
            + tensor(new[] { (float)b.MinX, (float)b.MinY, (float)b.MinZ });
        foreach (var level in new[] { MapLevel.Middle, MapLevel.Fine })
        {
            var before = map.Query(level, points, color: true);
            var after = grown.Query(level, points, color: true);
            Assert.True(allclose(before.Logit, after.Logit, 1e-4, 1e-4), $"{level} occupancy changed");
            Assert.True(allclose(before.Rgb!, after.Rgb!, 1e-4, 1e-4), $"{level} colour changed");
        }
        // Rendered depth of rays through the mapped part (samples up to 0.5 m from a point inside the old bounds): the same.
        var renderer = new NiceSlam.Core.Rendering.VolumeRenderer(map.Bounds);
        var grownRenderer = new NiceSlam.Core.Rendering.VolumeRenderer(grown.Bounds);
        var directions = randn(64, 1, 3, generator: new Generator(5));
        directions = directions / directions.norm(2, keepdim: true);                               // [64, 1, 3]
        var z = linspace(0.02, 0.5, 24).expand(64, 24);                                           // [64, 24]
        var samplePoints = tensor(new[] { 0.2f, 0f, 0.5f }) + z.unsqueeze(2) * directions;        // [64, 24, 3]
        var inside = ones(64, dtype: @bool);
        var d0 = renderer.Composite((z, samplePoints), map.Field(MapLevel.Fine, fused: true), false, inside).Depth;
        var d1 = grownRenderer.Composite((z, samplePoints), grown.Field(MapLevel.Fine, fused: true), false, inside).Depth;
        Assert.True(allclose(d0, d1, 1e-4, 1e-4));
        map.Dispose();
        // The decoders passed to the grown map with their ownership: still usable after the old map is gone.
        Assert.False(decoders.Color.parameters().First().IsInvalid);
    }
}
