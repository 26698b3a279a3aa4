using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Synthetic;

namespace NiceSlam.Node.Tests;

public class NodeHostTests
{
    private static async Task<(StatusSnapshot Status, FrameQueue Queue)> RunAsync(IRgbdDataset dataset, params string[] args)
    {
        using var host = NodeHost.CreateBuilder(["--NiceSlam:StatusIntervalSeconds=0.2", .. args], dataset).Build();
        return await RunToEndAsync(host);
    }

    /// <summary>Runs the host until it stops by itself (the input ended) and reads the counters.</summary>
    private static async Task<(StatusSnapshot Status, FrameQueue Queue)> RunToEndAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(timeout.Token);
        await host.WaitForShutdownAsync(timeout.Token);
        Assert.False(timeout.IsCancellationRequested, "the node did not stop by itself when the input ended");
        var queue = host.Services.GetRequiredService<FrameQueue>();
        return (host.Services.GetRequiredService<NodeStatus>().Snapshot(queue.Dropped), queue);
    }

    [Fact]
    public async Task Plays_the_synthetic_sequence_through_the_pipeline_and_stops_when_done()
    {
        var dataset = new SyntheticSequence(new SyntheticSequenceOptions { Width = 64, Height = 48, FrameCount = 12 });
        var (status, _) = await RunAsync(dataset, "--NiceSlam:PlaybackFps=0", "--NiceSlam:QueueCapacity=100",
            "--NiceSlam:Width=32", "--NiceSlam:Height=24");
        Assert.Equal(12, status.Received);
        Assert.Equal(12, status.Processed);
        Assert.Equal(0, status.Dropped);
        Assert.Equal(0, status.Rejected);
        Assert.InRange(status.LastValidDepthFraction, 0.99, 1.0);
    }

    [Fact]
    public async Task Bad_frames_are_rejected_and_counted_and_the_node_keeps_going()
    {
        var dataset = new ScriptedDataset(
            (0.0, 1f), (0.1, 1f), (0.05, 1f) /* stamp goes back */, (0.2, 0f) /* no valid depth */, (0.3, 1f));
        var (status, _) = await RunAsync(dataset, "--NiceSlam:PlaybackFps=0", "--NiceSlam:QueueCapacity=100", "--NiceSlam:Width=0", "--NiceSlam:Height=0");
        Assert.Equal(5, status.Received);
        Assert.Equal(3, status.Processed);
        Assert.Equal(2, status.Rejected);
    }

    [Fact]
    public async Task A_fast_source_into_a_small_queue_drops_frames_and_counts_them()
    {
        // The processor sleeps 30 ms a frame while the source delivers as fast as it can: most frames are dropped,
        // the queue never holds more than its capacity, and received = processed + dropped.
        var dataset = new ScriptedDataset(Enumerable.Range(0, 60).Select(i => (i * 0.01, 1f)).ToArray()) { ReadDelay = TimeSpan.FromMilliseconds(2) };
        var host = NodeHost.CreateBuilder(["--NiceSlam:PlaybackFps=0", "--NiceSlam:QueueCapacity=2", "--NiceSlam:Width=0", "--NiceSlam:Height=0"], dataset);
        host.Services.AddSingleton<IFrameProcessor>(new SlowProcessor(TimeSpan.FromMilliseconds(30)));
        using var built = host.Build();
        var (status, queue) = await RunToEndAsync(built);
        Assert.True(queue.Pending == 0);
        Assert.Equal(60, status.Received);
        Assert.True(status.Dropped > 20, $"dropped {status.Dropped}");
        Assert.Equal(status.Received, status.Processed + status.Dropped);
    }

    [Fact]
    public void Invalid_settings_stop_the_host_at_start_with_the_setting_named()
    {
        var dataset = new ScriptedDataset((0.0, 1f));
        using var host = NodeHost.CreateBuilder(["--NiceSlam:QueueCapacity=0"], dataset).Build();
        var error = Assert.ThrowsAny<Exception>(() => host.StartAsync().GetAwaiter().GetResult());
        Assert.Contains("QueueCapacity", error.ToString());
    }

    private sealed class SlowProcessor(TimeSpan delay) : IFrameProcessor
    {
        public double Process(RgbdFrame frame)
        {
            Thread.Sleep(delay);
            return 1;
        }
    }

    /// <summary>Frames of constant depth with the given stamps.</summary>
    private sealed class ScriptedDataset(params (double Stamp, float Depth)[] frames) : IRgbdDataset
    {
        public TimeSpan ReadDelay { get; init; }
        public string Name => "scripted";
        public int Count => frames.Length;
        public CameraIntrinsics Intrinsics { get; } = new(8, 6, 10, 10, 4, 3);
        public bool HasGroundTruth => false;

        public RgbdFrame ReadFrame(int index)
        {
            if (ReadDelay > TimeSpan.Zero) Thread.Sleep(ReadDelay);
            var depth = Enumerable.Repeat(frames[index].Depth, 48).ToArray();
            return new RgbdFrame(index, frames[index].Stamp, new byte[144], depth, Intrinsics);
        }
    }
}
