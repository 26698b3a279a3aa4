using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Slam;
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

    private static SlamOptions Tiny(SyncMode sync) => new()
    {
        Bounds = new Bounds3(-2, -2, -1, 2, 2, 3),
        TrackingPixels = 32, TrackingIterations = 2, MappingPixels = 64, MappingIterations = 3, FirstFrameIterations = 3,
        MapEvery = 2, KeyframeEvery = 2, CoarseIterations = 1, OverlapPixels = 16, Sync = sync,
    };

    [Theory]
    [InlineData(SyncMode.Strict)]
    [InlineData(SyncMode.Loose)]
    public async Task Bad_frames_are_rejected_with_reasons_and_counted_while_good_frames_are_tracked(SyncMode sync)
    {
        using var system = new SlamSystem(Tiny(sync), new NiceDecoders(new Generator(1)));
        var reports = new List<FrameReport>();
        var frames = new[]
        {
            Wall(0, 0.0),
            Wall(1, 0.0),                                                          // stamp not after the previous one
            Wall(2, 0.1, new CameraIntrinsics(32, 24, 30, 30, 15.5, 11.5)),        // intrinsics changed
            Wall(3, 0.2, depth: float.NaN),                                        // no valid depth
            Wall(4, 0.3),
            Wall(5, 0.4),
        };
        await system.RunAsync(frames, r => { lock (reports) reports.Add(r); }, CancellationToken.None);
        Assert.Equal(3, system.Counters.Rejected);
        var rejected = reports.Where(r => r.Rejected).OrderBy(r => r.FrameIndex).ToList();
        Assert.Equal([1, 2, 3], rejected.Select(r => r.FrameIndex));
        Assert.Contains("timestamp", rejected[0].Rejection);
        Assert.Contains("intrinsics", rejected[1].Rejection);
        Assert.Contains("valid depth", rejected[2].Rejection);
        Assert.Equal([0, 4, 5], system.Trajectory.Select(p => p.FrameIndex));
        Assert.All(system.Trajectory, p => Assert.True(p.Pose.ToMatrix().All(double.IsFinite)));
        Assert.True(system.Counters.Mapped >= 2);                                  // first frame + the last frame at least
        Assert.True(system.Keyframes.Count >= 2);
        Assert.NotNull(system.Bounds);
    }

    [Fact]
    public async Task Cancelling_keeps_what_was_estimated()
    {
        using var system = new SlamSystem(Tiny(SyncMode.Strict), new NiceDecoders(new Generator(1)));
        using var cancel = new CancellationTokenSource();
        var frames = Enumerable.Range(0, 1000).Select(i => Wall(i, i * 0.1));
        await system.RunAsync(frames, r => { if (r.FrameIndex >= 3) cancel.Cancel(); }, cancel.Token);
        int count = system.Trajectory.Count;
        Assert.InRange(count, 4, 10);
        Assert.Equal(Enumerable.Range(0, count), system.Trajectory.Select(p => p.FrameIndex));
    }

    [Theory]
    [InlineData(SyncMode.Strict)]
    [InlineData(SyncMode.Loose)]
    public async Task Exclusive_commands_run_between_frames_while_the_loops_run_and_at_once_when_idle(SyncMode sync)
    {
        using var system = new SlamSystem(Tiny(sync), new NiceDecoders(new Generator(1)));
        Assert.False(system.IsRunning);
        Assert.Equal(0, await system.ExecuteExclusiveAsync(() => system.Trajectory.Count));    // idle: runs at once

        var frames = System.Threading.Channels.Channel.CreateUnbounded<RgbdFrame>();
        var run = system.RunAsync(frames.Reader, null, CancellationToken.None);
        for (int i = 0; i < 3; i++) frames.Writer.TryWrite(Wall(i, i * 0.1));
        // The loops now wait for frames: the command must still be served (no frame needed to wake them).
        var seen = await system.ExecuteExclusiveAsync(() => system.Trajectory.Count).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(system.IsRunning);
        Assert.InRange(seen, 0, 3);
        for (int i = 3; i < 5; i++) frames.Writer.TryWrite(Wall(i, i * 0.1));
        frames.Writer.Complete();
        await run.WaitAsync(TimeSpan.FromSeconds(120));
        Assert.False(system.IsRunning);
        Assert.Equal(5, system.Trajectory.Count);                                  // the run went on after the command
        var failing = system.ExecuteExclusiveAsync<int>(() => throw new InvalidDataException("refused"));
        await Assert.ThrowsAsync<InvalidDataException>(() => failing);
    }
}
