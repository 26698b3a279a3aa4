using System.Collections.Concurrent;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Slam;
using NiceSlam.Tests;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Slam;

/// <summary>
/// Reads from other threads while the engine maps with bundle adjustment (the torn read this guards against: keyframe
/// poses written by bundle adjustment while meshing read them). Readers see only published snapshots, exactly as the
/// mapping call that published them left them, however far the engine has gone meanwhile.
/// </summary>
public class PublishedSnapshotTests
{
    private static readonly CameraIntrinsics K = new(32, 24, 25, 25, 15.5, 11.5);

    /// <summary>A slanted textured wall seen from a camera sliding sideways 1 cm a frame.</summary>
    private static RgbdFrame Wall(int index)
    {
        var rgb = new byte[K.Width * K.Height * 3];
        for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)((i * 7 + index * 3) % 251);
        var depth = Enumerable.Range(0, K.Width * K.Height).Select(i => 1.8f + 0.4f * (i % K.Width) / K.Width + 0.005f * index).ToArray();
        return new RgbdFrame(index, index * 0.1, rgb, depth, K, index == 0 ? RigidTransform.Identity : null);
    }

    /// <summary>Every frame mapped and kept, bundle adjustment from the third keyframe on.</summary>
    private static SlamOptions Options() => new()
    {
        Map = { Bounds = new Bounds3(-2, -2, -1, 2, 2, 3) },
        Rendering = { StratifiedSamples = 8, NearSurfaceSamples = 4 },
        Tracking = { Pixels = 32, Iterations = 2 },
        Mapping = { Pixels = 64, Iterations = 6, FirstFrameIterations = 3, Every = 1, CoarseIterations = 1, MiddleStageShare = 0.2, FineStageShare = 0.4 },
        Keyframes = { Every = 1, OverlapPixels = 16, BundleAdjustmentMinKeyframes = 2 },
    };

    private sealed record Reading(long Version, RigidTransform[] KeyframePoses, int[] GridHashes);

    private static Reading Read(MapSnapshot s) =>
        new(s.Version, [.. s.Keyframes.Select(k => k.CameraToWorld)], [.. s.Map.Grids.Select(g => Hash(g.Values))]);

    /// <summary>A hash of a tensor's exact bits.</summary>
    private static int Hash(Tensor t)
    {
        using var scope = NewDisposeScope();
        var hash = new HashCode();
        foreach (float v in t.detach().cpu().contiguous().data<float>()) hash.Add(BitConverter.SingleToInt32Bits(v));
        return hash.ToHashCode();
    }

    [Fact]
    public async Task Readers_on_other_threads_see_keyframe_poses_and_grids_exactly_as_a_mapping_call_published_them()
    {
        using var system = new SlamSystem(Options(), new NiceDecoders(new Generator(1)));
        var published = new ConcurrentDictionary<long, Reading>();
        int bundleAdjusted = 0;
        var observations = new ConcurrentBag<(Reading First, Reading Again)>();
        using var done = new CancellationTokenSource();

        // Dedicated threads: on a loaded machine a thread-pool reader could start only after the run has ended.
        var reader = Task.Factory.StartNew(() =>
        {
            while (!done.IsCancellationRequested)
            {
                using var lease = system.AcquireMap();
                if (lease is null) continue;
                var first = Read(lease.Snapshot);
                using (var scope = NewDisposeScope()) lease.Snapshot.ExtractMesh(0.2, 0.1);   // meshing while the engine maps on
                observations.Add((first, Read(lease.Snapshot)));
            }
        }, TaskCreationOptions.LongRunning);
        var writer = Task.Factory.StartNew(() =>
        {
            try
            {
                StrictDriver.Run(system, Enumerable.Range(0, 10).Select(Wall), outcome =>
                {
                    if (outcome.RefinedPoses.Count > 0) Interlocked.Increment(ref bundleAdjusted);
                    using var lease = system.AcquireMap()!;                // the map this call published
                    published[lease.Snapshot.Version] = Read(lease.Snapshot);
                    // After the first call, let the reader get going once, so that its reads overlap the calls after it.
                    if (published.Count == 1) SpinWait.SpinUntil(() => !observations.IsEmpty, TimeSpan.FromSeconds(60));
                });
            }
            finally { done.Cancel(); }
        }, TaskCreationOptions.LongRunning);
        await writer;
        await reader;

        Assert.True(bundleAdjusted > 0, "bundle adjustment never ran: the test would prove nothing");
        Assert.True(observations.Count >= 3, $"only {observations.Count} reads overlapped the run");
        foreach (var (first, again) in observations)
        {
            var truth = published[first.Version];
            Assert.Equal(truth.KeyframePoses, first.KeyframePoses);
            Assert.Equal(truth.GridHashes, first.GridHashes);
            Assert.Equal(first.KeyframePoses, again.KeyframePoses);                 // unchanged while held
            Assert.Equal(first.GridHashes, again.GridHashes);
        }
    }

    [Fact]
    public void The_trajectory_a_reader_holds_never_changes_and_the_latest_carries_the_bundle_adjusted_keyframe_poses()
    {
        var options = Options();
        options.Keyframes.BundleAdjustmentMovesTrajectory = true;
        using var system = new SlamSystem(options, new NiceDecoders(new Generator(1)));
        var held = new List<(TrajectorySnapshot Snapshot, PoseEstimate[] Copy)>();
        StrictDriver.Run(system, Enumerable.Range(0, 8).Select(Wall), _ => held.Add((system.Trajectory, [.. system.Trajectory])));
        Assert.All(held, h => Assert.Equal(h.Copy, h.Snapshot));
        using var lease = system.AcquireMap()!;
        var poses = system.Trajectory.ToDictionary(p => p.FrameIndex, p => p.Pose);
        Assert.All(lease.Snapshot.Keyframes, k => Assert.Equal(k.CameraToWorld, poses[k.Frame.Index]));
    }

    [Fact]
    public void By_default_bundle_adjustment_moves_the_maps_keyframes_but_the_trajectory_keeps_the_tracked_poses()
    {
        using var system = new SlamSystem(Options(), new NiceDecoders(new Generator(1)));
        var tracked = new Dictionary<int, RigidTransform>();
        StrictDriver.Run(system, Enumerable.Range(0, 8).Select(Wall), _ => { foreach (var p in system.Trajectory) tracked.TryAdd(p.FrameIndex, p.Pose); });
        using var lease = system.AcquireMap()!;
        var poses = system.Trajectory.ToDictionary(p => p.FrameIndex, p => p.Pose);
        Assert.All(poses, p => Assert.Equal(tracked[p.Key], p.Value));                       // as tracked
        Assert.Contains(lease.Snapshot.Keyframes, k => !k.CameraToWorld.Equals(poses[k.Frame.Index]));   // bundle adjustment ran
    }
}
