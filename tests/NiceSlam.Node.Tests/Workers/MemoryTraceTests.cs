using Microsoft.Extensions.DependencyInjection;
using NiceSlam.Data.Synthetic;
using NiceSlam.Node.Diagnostics;
using NiceSlam.Node.Sources;
using NiceSlam.Node.Tests.Host;

namespace NiceSlam.Node.Tests.Workers;

[Trait("Category", "Slow")]
public class MemoryTraceTests
{
    private static MemorySample At(int frames, double workingSet, double map) => new(frames, workingSet, 100, 10, map, 50, 0);

    [Fact]
    public void The_verdict_compares_the_working_sets_growth_after_the_warm_up_with_the_maps_plus_ten_percent()
    {
        Assert.Null(MemoryTrace.Verdict([]));
        Assert.Contains("too short", MemoryTrace.Verdict([At(100, 900, 10), At(400, 950, 12)]));
        // From frame 500 (1000 MiB, map 20) to 3000: +130 MiB against 30 + 100 allowed.
        string within = MemoryTrace.Verdict([At(100, 800, 10), At(500, 1000, 20), At(1000, 1200, 30), At(3000, 1130, 50)])!;
        Assert.Contains("grew 130 MiB", within);
        Assert.Contains("peak working set 1200 MiB", within);
        Assert.Contains("within the map's growth + 10 % (130 MiB)", within);
        string over = MemoryTrace.Verdict([At(500, 1000, 20), At(3000, 1131, 50)])!;
        Assert.Contains("over the map's growth + 10 % (130 MiB)", over);
    }

    /// <summary>The tour through the node (its first 90 frames at 40x30, the fast engine settings): the trace samples
    /// every 30 frames with the map's size, and the map grows on the way, logged.</summary>
    [Fact]
    public async Task The_node_traces_memory_every_n_frames_and_logs_the_map_growing_on_a_tour()
    {
        var tour = new SyntheticSequence(new SyntheticSequenceOptions { Width = 40, Height = 30, FrameCount = 90, Motion = SyntheticMotion.Tour });
        var source = new DatasetSource(tour, 90, TopicNames.From(new NodeOptions()));
        using var node = NodeHarness.Create(source,
            ["width=0", "height=0", "queue_full_policy=block", "playback_rate=0", "memory_trace_every=30", "synthetic_motion=tour",
             "cloud_period=0", "occupancy_period=0", "mesh_period=0"],
            [.. NodeHarness.FastEngine, "Tracking.FrontEnd=Odometry", "Map.AutoBoundsMargin=0.3"]);
        await node.RunToEndAsync(TimeSpan.FromMinutes(5));
        var trace = node.Host.Services.GetRequiredService<MemoryTrace>();
        Assert.Equal([30, 60, 90], trace.Samples.Select(s => s.Frames));
        Assert.All(trace.Samples, s => Assert.True(s.WorkingSetMiB > 0 && s.MapMiB > 0 && s.MapVolume > 0));
        Assert.Contains(node.Logs.All, l => l.Text.StartsWith("memory after 60 frames: working set", StringComparison.Ordinal));
        Assert.True(node.Engine.System.Counters.MapGrowths > 0, "the tour leaves what the first frame saw");
        Assert.Contains(node.Logs.All, l => l.Text.Contains("the map grew from", StringComparison.Ordinal));
    }
}
