using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Rendering;
using NiceSlam.Core.Slam;
using NiceSlam.Tests;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Slam;

/// <summary>ExportState / ImportState / Reset on tiny runs (32x24 frames of a textured slanted wall, 3 mapping
/// iterations): the whole class runs in a few seconds.</summary>
public class SlamSystemStateTests
{
    private static readonly CameraIntrinsics K = new(32, 24, 25, 25, 15.5, 11.5);

    /// <summary>A wall slanted along u (depth 1.8 m at the left edge to ~2.2 m at the right) with a fixed texture;
    /// the first frame carries the identity pose.</summary>
    private static RgbdFrame Wall(int index, double stamp)
    {
        var rgb = new byte[K.Width * K.Height * 3];
        for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)(i * 7 % 251);
        var depth = Enumerable.Range(0, K.Width * K.Height).Select(i => 1.8f + 0.4f * (i % K.Width) / K.Width).ToArray();
        return new RgbdFrame(index, stamp, rgb, depth, K, index == 0 ? RigidTransform.Identity : null);
    }

    private static SlamOptions Tiny() => new()
    {
        Map = { Bounds = new Bounds3(-2, -2, -1, 2, 2, 3) },
        Rendering = { StratifiedSamples = 8, NearSurfaceSamples = 4 },
        Tracking = { Pixels = 32, Iterations = 2 },
        Mapping = { Pixels = 64, Iterations = 3, FirstFrameIterations = 3, Every = 2, CoarseIterations = 1 },
        Keyframes = { Every = 2, OverlapPixels = 16 },
    };

    private static SlamSystem NewSystem(int decoderSeed = 1) => new(Tiny(), new NiceDecoders(new Generator((ulong)decoderSeed)));

    private static SlamSystem Mapped(int frames = 4)
    {
        var system = NewSystem();
        StrictDriver.Run(system, Enumerable.Range(0, frames).Select(i => Wall(i, i * 0.1)));
        return system;
    }

    /// <summary>Depth rendered from the published map at a fixed pose (every 5th valid pixel of a wall view).</summary>
    private static float[] RenderDepth(SlamSystem system)
    {
        using var view = new FrameTensors(Wall(99, 0), CPU);
        var pose = RigidTransform.FromAxisAngle(0, 1, 0, 0.05, 0.02, -0.01, 0.03);
        using var lease = system.AcquireMap()!;
        using var scope = NewDisposeScope();
        return FrameRenderer.Render(lease.Snapshot.Map, view, pose, new RaySampling(8, 4), stride: 5).Depth.data<float>().ToArray();
    }

    /// <summary>Same shape and bit-identical values.</summary>
    private static bool Same(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
    }

    private static void AssertSameMap(SlamState expected, SlamState actual)
    {
        Assert.Equal(expected.Bounds, actual.Bounds);
        foreach (var ((name, e), (_, a)) in expected.Grids.Zip(actual.Grids))
        {
            Assert.Equal(e.VoxelSize, a.VoxelSize);
            Assert.Equal(e.Shape, a.Shape);
            Assert.True(e.Values.AsSpan().SequenceEqual(a.Values), $"{name} grid values differ");
        }
        Assert.Equal(expected.Decoders.Select(p => p.Name), actual.Decoders.Select(p => p.Name));
        foreach (var (e, a) in expected.Decoders.Zip(actual.Decoders))
            Assert.True(e.Values.AsSpan().SequenceEqual(a.Values), $"decoder parameter {e.Name} differs");
    }

    [Fact]
    public void An_imported_state_gives_an_identical_map_keyframes_and_trajectory()
    {
        using var source = Mapped();
        var state = source.ExportState();
        // Hand check of the layout: bounds 4 x 4 x 4 m rounded up to the 0.32 m middle voxel = 4.16 m; the coarse
        // grid spans twice that, 8.32 m, rounded up to whole 2 m voxels: 10 m, 6 vertices per axis, 32 channels.
        Assert.Equal([1L, 32, 6, 6, 6], state.Coarse.Shape);
        Assert.Equal(10, state.Coarse.Bounds!.Value.SizeX, 9);
        Assert.Equal(4.16, state.Bounds.SizeX, 9);
        Assert.Equal([0, 1, 2, 3], state.Trajectory.Select(p => p.FrameIndex));
        Assert.Equal(RigidTransform.Identity, state.Trajectory[0].Pose);     // the first frame takes its given pose
        Assert.Equal(4, state.AcceptedFrames);
        Assert.Equal(3 * 0.1, state.LastTimestamp);           // frame 3's stamp, as the frames were made
        Assert.Equal(source.Counters.Keyframes, state.Keyframes.Count);

        using var target = NewSystem(decoderSeed: 7);      // other decoder values, same layout
        Assert.Null(target.AcquireMap());
        target.ImportState(state);

        AssertSameMap(state, target.ExportState());
        var expectedDepth = RenderDepth(source);
        var actualDepth = RenderDepth(target);
        Assert.Equal(expectedDepth.Length, actualDepth.Length);
        Assert.True(expectedDepth.Length > 10);
        Assert.All(expectedDepth.Zip(actualDepth), p => Assert.Equal(p.First, p.Second, 1e-5f));
        using var sourceMap = source.AcquireMap()!;
        using var targetMap = target.AcquireMap()!;
        Assert.Equal(sourceMap.Snapshot.Keyframes.Select(k => k.Frame.Index), targetMap.Snapshot.Keyframes.Select(k => k.Frame.Index));
        Assert.Equal(sourceMap.Snapshot.Keyframes.Select(k => k.CameraToWorld), targetMap.Snapshot.Keyframes.Select(k => k.CameraToWorld));
        foreach (var (a, b) in sourceMap.Snapshot.Keyframes.Zip(targetMap.Snapshot.Keyframes))
        {
            Assert.True(Same(a.Frame.Depth, b.Frame.Depth));
            Assert.True(Same(a.Frame.Color, b.Frame.Color));
            Assert.True(Same(a.Frame.ValidPixels, b.Frame.ValidPixels));
        }
        Assert.Equal(source.Trajectory, target.Trajectory);
        Assert.Equal(sourceMap.Snapshot.Bounds, targetMap.Snapshot.Bounds);
    }

    [Fact]
    public void A_map_saved_before_maps_could_grow_loads_and_its_refusals_to_grow_are_counted()
    {
        using var source = Mapped(2);
        var state = source.ExportState();
        // The reference's lattice (int(extent / voxel) vertices over the extent), no grid bounds: as files written
        // before maps could grow. Bounds that cut the wall (depth 1.8-2.2 m) at z = 2.
        var bounds = new Bounds3(-2, -2, -1, 2, 2, 2);
        GridState Legacy(GridState grid, Bounds3 b)
        {
            var shape = FeatureGrid.LegacyShapeFor(b, grid.VoxelSize, (int)grid.Shape[1]);
            return new GridState(grid.VoxelSize, shape, new float[shape.Aggregate(1L, (x, y) => x * y)]);
        }
        var legacy = state with
        {
            Bounds = bounds,
            Coarse = Legacy(state.Coarse, HierarchicalMap.CoarseBoundsOf(bounds)),
            Middle = Legacy(state.Middle, bounds), Fine = Legacy(state.Fine, bounds), Color = Legacy(state.Color, bounds),
        };
        using var target = NewSystem();
        target.ImportState(legacy);
        using (var lease = target.AcquireMap()!)
        {
            Assert.False(lease.Snapshot.Map.CanGrow);
            Assert.Equal(legacy.Coarse.Shape, lease.Snapshot.Map.Coarse.Values.shape);
        }
        StrictDriver.Run(target, [Wall(2, 0.5), Wall(3, 0.6), Wall(4, 0.7), Wall(5, 0.8)]);
        Assert.True(target.Counters.Mapped >= 1);
        Assert.Equal(target.Counters.Mapped, target.Counters.MapGrowthsRefused);
        Assert.Equal(0, target.Counters.MapGrowths);
        using (var lease = target.AcquireMap()!) Assert.Equal(bounds, lease.Snapshot.Bounds);
    }

    [Fact]
    public void After_an_import_tracking_goes_on_from_the_imported_stamps_and_indices()
    {
        using var source = Mapped();
        using var target = NewSystem(decoderSeed: 7);
        target.ImportState(source.ExportState());
        // A frame stamped before the last imported one is rejected, later ones are tracked.
        var reports = StrictDriver.Run(target, [Wall(4, 0.25), Wall(5, 0.5), Wall(6, 0.6)]);
        Assert.Contains(reports, r => r.FrameIndex == 4 && r.Rejected && r.Rejection!.Contains("timestamp"));
        Assert.Equal([0, 1, 2, 3, 5, 6], target.Trajectory.Select(p => p.FrameIndex));
    }

    [Fact]
    public void After_an_import_frames_numbered_from_zero_again_follow_the_imported_ones()
    {
        using var source = Mapped();
        using var target = NewSystem(decoderSeed: 7);
        target.ImportState(source.ExportState());
        StrictDriver.Run(target, [Wall(0, 0.5), Wall(1, 0.6)]);
        Assert.Equal([0, 1, 2, 3, 4, 5], target.Trajectory.Select(p => p.FrameIndex));
    }

    [Fact]
    public void A_state_with_other_decoder_shapes_or_inconsistent_grids_is_refused_before_anything_changes()
    {
        using var system = Mapped(2);
        var state = system.ExportState();
        var before = RenderDepth(system);
        var trajectory = system.Trajectory;

        var decoders = state.Decoders.ToList();
        var wrong = decoders[0];
        decoders[0] = wrong with { Shape = [.. wrong.Shape[..^1], wrong.Shape[^1] + 1], Values = new float[wrong.Values.Length / wrong.Shape[^1] * (wrong.Shape[^1] + 1)] };
        var decoderError = Assert.Throws<ArgumentException>(() => system.ImportState(state with { Decoders = decoders }));
        Assert.Contains(wrong.Name, decoderError.Message);
        Assert.Contains("do not fit", decoderError.Message);

        // A middle grid one vertex short along x no longer fits the bounds at its voxel size.
        var m = state.Middle;
        long[] shortShape = [.. m.Shape[..^1], m.Shape[^1] - 1];
        var gridError = Assert.Throws<ArgumentException>(() => system.ImportState(state with
        {
            Middle = m with { Shape = shortShape, Values = new float[shortShape.Aggregate(1L, (a, b) => a * b)] },
        }));
        Assert.Contains("middle grid", gridError.Message);

        // A keyframe whose depth has the wrong size.
        var keyframes = state.Keyframes.ToList();
        keyframes[0] = keyframes[0] with { Depth = new float[5] };
        Assert.Throws<ArgumentException>(() => system.ImportState(state with { Keyframes = keyframes }));

        Assert.Equal(before, RenderDepth(system));
        Assert.Equal(trajectory, system.Trajectory);
        AssertSameMap(state, system.ExportState());
    }

    [Fact]
    public void Reset_empties_the_map_and_the_trajectory_and_restores_the_decoders()
    {
        var decoders = new NiceDecoders(new Generator(1));
        var initial = decoders.named_parameters().Select(p => p.parameter.detach().clone()).ToList();
        using var system = new SlamSystem(Tiny(), decoders);
        StrictDriver.Run(system, Enumerable.Range(0, 3).Select(i => Wall(i, i * 0.1)));
        // The colour decoder trained during the run.
        Assert.Contains(decoders.parameters().Zip(initial), p => !Same(p.First, p.Second));

        system.Reset();
        Assert.Null(system.AcquireMap());
        Assert.Empty(system.Trajectory);
        Assert.Throws<InvalidOperationException>(() => system.ExportState());
        Assert.All(decoders.parameters().Zip(initial), p => Assert.True(Same(p.First, p.Second)));
        foreach (var t in initial) t.Dispose();
    }

    [Fact]
    public void After_a_reset_the_next_frames_start_a_new_map_from_index_zero()
    {
        using var system = NewSystem();
        StrictDriver.Run(system, Enumerable.Range(0, 3).Select(i => Wall(i, i * 0.1)));
        system.Reset();
        StrictDriver.Run(system, Enumerable.Range(0, 3).Select(i => Wall(i, i * 0.1)));
        Assert.Equal([0, 1, 2], system.Trajectory.Select(p => p.FrameIndex));
        Assert.Equal(RigidTransform.Identity, system.Trajectory[0].Pose);
        using (var map = system.AcquireMap()!) Assert.True(map.Snapshot.Keyframes.Count >= 2);
        Assert.Equal(3, system.ExportState().AcceptedFrames);
        Assert.True(RenderDepth(system).All(float.IsFinite));
    }

    [Fact]
    public void A_reader_keeps_its_snapshot_through_a_reset()
    {
        using var system = Mapped(3);
        using var lease = system.AcquireMap()!;
        system.Reset();
        Assert.Null(system.AcquireMap());
        Assert.All(lease.Snapshot.Keyframes, k => Assert.False(k.Frame.Depth.IsInvalid));
        using var scope = NewDisposeScope();
        Assert.True(lease.Snapshot.ExtractMesh(0.2, 0.1).VertexCount >= 0);       // still usable: nothing was freed under it
    }
}
