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
        Assert.Equal(new long[] { 1, 32, 4, 7, 8 }, map.Middle.Values.shape);     // int(len / 0.32)
        Assert.Equal(new long[] { 1, 32, 8, 14, 16 }, map.Fine.Values.shape);     // int(len / 0.16)
        Assert.Equal(2 * map.Bounds.SizeX, map.Coarse.Bounds.SizeX, 9);           // coarse covers the bound x 2
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
}
