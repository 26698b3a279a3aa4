using Microsoft.Extensions.DependencyInjection;
using NiceSlam.Data.Synthetic;
using NiceSlam.Node.Sources;
using NiceSlam.Node.Tests.Host;
using NiceSlam.Node.Workers;

namespace NiceSlam.Node.Tests.Workers;

/// <summary>The workers' scheduling on the hosted node: exclusive commands and loose mapping.</summary>
[Collection(HostCollection.Name)]
public class SchedulingTests
{
    private static NodeHarness LiveNode(params string[] engine) => NodeHarness.Create(null,
        ["source=topics", "width=0", "height=0", "queue_full_policy=block", "status_period=0", "cloud_period=0", "occupancy_period=0", "mesh_period=0"],
        [.. NodeHarness.FastEngine, .. engine]);

    private static ExclusiveCommands Commands(NodeHarness node) => node.Host.Services.GetRequiredService<ExclusiveCommands>();

    [Fact]
    public async Task A_command_runs_at_once_while_the_workers_are_not_running()
    {
        using var node = LiveNode();
        var result = Commands(node).RunAsync(() => 42);
        Assert.True(result.IsCompleted);
        Assert.Equal(42, await result);
    }

    [Fact]
    public async Task A_command_runs_between_frames_without_waiting_for_a_frame_and_tracking_goes_on()
    {
        using var node = LiveNode();
        await node.Host.StartAsync();
        var camera = new LiveInput(node.Bus);
        camera.Info(0);
        for (int i = 0; i < 3; i++) camera.Good(i, 1 + i * 0.1);
        await NodeHarness.WaitUntilAsync(() => node.Engine.System.Trajectory.Count == 3, TimeSpan.FromMinutes(2), "3 tracked frames");
        // The tracking worker now waits for frames: the command must still be served.
        int seen = await Commands(node).RunAsync(() => node.Engine.System.Trajectory.Count).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(3, seen);
        for (int i = 3; i < 5; i++) camera.Good(i, 1 + i * 0.1);
        await NodeHarness.WaitUntilAsync(() => node.Engine.System.Trajectory.Count == 5, TimeSpan.FromMinutes(2), "2 more tracked frames");
        await node.Host.StopAsync();
    }

    [Fact]
    public async Task A_failing_command_hands_its_exception_to_the_caller_and_the_node_goes_on()
    {
        using var node = LiveNode();
        await node.Host.StartAsync();
        var failing = Commands(node).RunAsync<int>(() => throw new InvalidDataException("refused"));
        await Assert.ThrowsAsync<InvalidDataException>(() => failing.WaitAsync(TimeSpan.FromSeconds(60)));
        var camera = new LiveInput(node.Bus);
        camera.Info(0);
        camera.Good(0, 1);
        await NodeHarness.WaitUntilAsync(() => node.Engine.System.Trajectory.Count == 1, TimeSpan.FromMinutes(2), "a tracked frame");
        await node.Host.StopAsync();
    }

    [Fact]
    public async Task Loose_scheduling_tracks_every_frame_of_a_replay_and_maps_its_last_frame()
    {
        const int frames = 8;
        var synthetic = new SyntheticSequence(new SyntheticSequenceOptions { Width = 80, Height = 60, FrameCount = frames });
        var source = new DatasetSource(synthetic, frames, TopicNames.From(new NodeOptions()));
        using var node = NodeHarness.Create(source,
            ["width=0", "height=0", "queue_full_policy=block", "playback_rate=0", "status_period=0", "cloud_period=0", "occupancy_period=0", "mesh_period=0"],
            [.. NodeHarness.FastEngine, "Sync=Loose"]);
        await node.RunToEndAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(Enumerable.Range(0, frames), node.Engine.System.Trajectory.Select(p => p.FrameIndex));
        using var map = node.Engine.System.AcquireMap()!;
        Assert.Equal(frames - 1, map.Snapshot.Keyframes[^1].Frame.Index);        // the last frame was mapped and kept
        var handoff = node.Host.Services.GetRequiredService<MappingHandoff>();
        Assert.Equal((frames - 1) / 2 + 2, node.Engine.System.Counters.Mapped + handoff.Superseded);   // first + every 2nd + last
    }
}
