using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Slam;
using NiceSlam.Tests;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Slam;

public class SlamSystemTests
{
    private static readonly CameraIntrinsics K = new(32, 24, 25, 25, 15.5, 11.5);

    /// <summary>A wall 2 m ahead with a few steps of texture; depth can be replaced.</summary>
    private static RgbdFrame Wall(int index, double stamp, CameraIntrinsics? k = null, float depth = 2f)
    {
        k ??= K;
        var rgb = new byte[k.Width * k.Height * 3];
        for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)(i * 7 % 251);
        return new RgbdFrame(index, stamp, rgb, Enumerable.Repeat(depth, k.Width * k.Height).ToArray(), k, RigidTransform.Identity);
    }

    /// <summary>A tiny budget with the reference's rendering front end, which needs the first map before it tracks.</summary>
    private static SlamOptions Tiny() => new()
    {
        Map = { Bounds = new Bounds3(-2, -2, -1, 2, 2, 3) },
        Tracking = { FrontEnd = NiceSlam.Core.Tracking.TrackingFrontEnd.Render, Pixels = 32, Iterations = 2 },
        Mapping = { Pixels = 64, Iterations = 3, FirstFrameIterations = 3, Every = 2, CoarseIterations = 1 },
        Keyframes = { Every = 2, OverlapPixels = 16 },
    };

    private static SlamSystem NewSystem() => new(Tiny(), new NiceDecoders(new Generator(1)));

    private static readonly RgbdFrame[] WithBadFrames =
    [
        Wall(0, 0.0),
        Wall(1, 0.0),                                                          // stamp not after the previous one
        Wall(2, 0.1, new CameraIntrinsics(32, 24, 30, 30, 15.5, 11.5)),        // intrinsics changed
        Wall(3, 0.2, depth: float.NaN),                                        // no valid depth
        Wall(4, 0.3),
        Wall(5, 0.4),
    ];

    [Fact]
    public void Bad_frames_are_rejected_with_their_reasons()
    {
        using var system = NewSystem();
        var rejected = StrictDriver.Run(system, WithBadFrames).Where(r => r.Rejected).OrderBy(r => r.FrameIndex).ToList();
        Assert.Equal([1, 2, 3], rejected.Select(r => r.FrameIndex));
        Assert.Contains("timestamp", rejected[0].Rejection);
        Assert.Contains("intrinsics", rejected[1].Rejection);
        Assert.Contains("valid depth", rejected[2].Rejection);
        Assert.Equal(3, system.Counters.Rejected);
    }

    [Fact]
    public void Good_frames_around_rejected_ones_are_tracked_and_mapped()
    {
        using var system = NewSystem();
        StrictDriver.Run(system, WithBadFrames);
        Assert.Equal([0, 4, 5], system.Trajectory.Select(p => p.FrameIndex));
        Assert.All(system.Trajectory, p => Assert.True(p.Pose.ToMatrix().All(double.IsFinite)));
        Assert.True(system.Counters.Mapped >= 2);                                  // first frame + the last frame at least
        using var map = system.AcquireMap();
        Assert.NotNull(map);
        Assert.True(map.Snapshot.Keyframes.Count >= 2);
    }

    [Fact]
    public void The_first_frame_asks_for_a_new_map_and_the_next_frames_for_mapping_every_MapEvery_frames()
    {
        using var system = NewSystem();
        var first = system.Track(Wall(0, 0));
        Assert.Equal(MappingKind.First, first.Mapping!.Kind);
        Assert.True(first.Mapping.MustComplete);
        system.Apply(system.Map(first.Mapping));
        var kinds = new List<MappingKind?>();
        for (int i = 1; i <= 4; i++)
        {
            var step = system.Track(Wall(i, i * 0.1));
            kinds.Add(step.Mapping?.Kind);
            if (step.Mapping is { } request) system.Apply(system.Map(request));
        }
        Assert.Equal([null, MappingKind.Regular, null, MappingKind.Regular], kinds);   // Mapping.Every = 2
        Assert.Null(system.Finish());                                             // frame 4 was mapped already
    }

    [Fact]
    public void A_frame_after_the_first_cannot_be_tracked_before_the_first_map_is_published()
    {
        using var system = NewSystem();
        using var first = system.Track(Wall(0, 0)).Mapping;
        Assert.Throws<InvalidOperationException>(() => system.Track(Wall(1, 0.1)));
    }

    [Fact]
    public void The_odometry_front_end_tracks_on_before_the_first_map_is_published()
    {
        var options = Tiny();
        options.Tracking.FrontEnd = NiceSlam.Core.Tracking.TrackingFrontEnd.OdometryRender;
        using var system = new SlamSystem(options, new NiceDecoders(new Generator(1)));
        using var first = system.Track(Wall(0, 0)).Mapping;
        Assert.False(first!.MustComplete);                 // a loose scheduler need not wait for the first map
        for (int i = 1; i <= 3; i++)
        {
            var step = system.Track(Wall(i, i * 0.1));
            step.Mapping?.Dispose();
            Assert.NotNull(step.Report.Tracking);
            Assert.False(step.Report.Tracking!.Lost, step.Report.Tracking.LostReason);
            Assert.True(double.IsNaN(step.Report.Tracking.BestLoss));        // no map: odometry alone, no refinement
            Assert.True(step.Report.Pose!.Value.TranslationNorm() < 1e-3, $"frame {i} moved {step.Report.Pose.Value.TranslationNorm():0.0000} m");
        }
        Assert.Null(system.AcquireMap());
    }

    [Fact]
    public void Readers_hold_their_published_snapshots_unchanged_while_the_engine_goes_on()
    {
        using var system = NewSystem();
        StrictDriver.Run(system, [Wall(0, 0), Wall(1, 0.1), Wall(2, 0.2)]);
        var trajectory = system.Trajectory;
        using var lease = system.AcquireMap()!;
        var middle = lease.Snapshot.Map.Middle.Values.detach().clone();
        long version = lease.Snapshot.Version;
        StrictDriver.Run(system, [Wall(3, 0.3), Wall(4, 0.4), Wall(5, 0.5)]);
        using (var newer = system.AcquireMap()!) Assert.True(newer.Snapshot.Version > version);
        Assert.Equal(3, trajectory.Count);                                         // the old trajectory snapshot
        Assert.Equal(6, system.Trajectory.Count);
        Assert.True(lease.Snapshot.Map.Middle.Values.eq(middle).all().item<bool>());             // the old map, still alive and unchanged
        Assert.All(lease.Snapshot.Keyframes, k => Assert.False(k.Frame.Depth.IsInvalid));
        middle.Dispose();
    }
}
