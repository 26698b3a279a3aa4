using NiceSlam.Core.Frames;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Node.Input;
using static NiceSlam.Node.Tests.Input.TestMessages;

namespace NiceSlam.Node.Tests.Input;

public sealed class InputStageTests : IDisposable
{
    private readonly LoopbackBus bus = new();
    private readonly InputSettings settings = new() { ColorTopic = "/color", DepthTopic = "/depth", CameraInfoTopic = "/info" };
    private readonly IPublisher<Image> colour;
    private readonly IPublisher<Image> depth;
    private readonly IPublisher<CameraInfo> info;
    private readonly ListLogger<InputStage> logger = new();
    private readonly ManualClock clock = new();

    public InputStageTests()
    {
        colour = bus.CreatePublisher<Image>("/color", QosProfile.SensorData);
        depth = bus.CreatePublisher<Image>("/depth", QosProfile.SensorData);
        info = bus.CreatePublisher<CameraInfo>("/info", QosProfile.SensorData);
    }

    public void Dispose() => bus.Dispose();

    private InputStage Start(FrameQueue queue, InputSettings? custom = null)
    {
        var stage = new InputStage(bus, custom ?? settings, queue, logger, clock);
        stage.Start();
        return stage;
    }

    /// <summary>Colour at 0, 33, 66, … ms and depth 1 ms later; one more colour at the end releases the last pair
    /// (see the synchronizer tests): <paramref name="pairs"/> sets in all.</summary>
    private void PublishPairs(int pairs, Func<long, Image>? makeColour = null, Func<long, Image>? makeDepth = null)
    {
        for (int i = 0; i < pairs; i++)
        {
            colour.Publish((makeColour ?? (ms => Colour(ms)))(33L * i));
            depth.Publish((makeDepth ?? (ms => Depth(ms)))(33L * i + 1));
        }
        colour.Publish((makeColour ?? (ms => Colour(ms)))(33L * pairs));
    }

    private static List<RgbdFrame> Drain(FrameQueue queue)
    {
        var frames = new List<RgbdFrame>();
        while (queue.TryDequeue(out var f)) frames.Add(f);
        return frames;
    }

    [Fact]
    public void Synchronized_pairs_become_numbered_frames_in_the_queue()
    {
        var queue = new FrameQueue(10);
        using var stage = Start(queue);
        info.Publish(Info());
        PublishPairs(3);
        var frames = Drain(queue);
        Assert.Equal([0, 1, 2], frames.Select(f => f.Index));
        Assert.Equal([0.0, 0.033, 0.066], frames.Select(f => Math.Round(f.Timestamp, 6)));
        Assert.All(frames, f => Assert.Equal([1f, 1f, 1f, 1f], f.Depth));
        Assert.Equal((3, 3, 0), (stage.Counters.ReceivedSets, stage.Counters.Accepted, stage.Counters.Rejected));
        Assert.Empty(logger.Warnings);
    }

    [Fact]
    public void The_preprocess_hook_runs_on_every_frame()
    {
        var queue = new FrameQueue(10);
        using var stage = Start(queue, settings with { Preprocess = f => new RgbdFrame(f.Index, f.Timestamp + 100, f.Rgb, f.Depth, f.Intrinsics) });
        info.Publish(Info());
        PublishPairs(2);
        Assert.Equal([100.0, 100.033], Drain(queue).Select(f => Math.Round(f.Timestamp, 6)));
    }

    [Fact]
    public void Pairs_before_the_first_camera_info_are_held_and_queued_in_order_when_it_comes()
    {
        var queue = new FrameQueue(10);
        using var stage = Start(queue);
        PublishPairs(3);
        Assert.Equal(0, queue.Pending);
        Assert.Equal((3L, 0L, 0L), (stage.Counters.ReceivedSets, stage.Counters.Accepted, stage.Counters.Rejected));
        Assert.Contains(logger.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Information && l.Text.Contains("holding colour/depth pairs until the first CameraInfo on /info", StringComparison.Ordinal));

        info.Publish(Info());
        var frames = Drain(queue);
        Assert.Equal([0, 1, 2], frames.Select(f => f.Index));
        Assert.Equal([0.0, 0.033, 0.066], frames.Select(f => Math.Round(f.Timestamp, 6)));
        Assert.Equal((3L, 0L), (stage.Counters.Accepted, stage.Counters.Rejected));

        // After it, pairs go straight through, numbered on.
        depth.Publish(Depth(100));
        colour.Publish(Colour(132));
        Assert.Equal([(3, 0.099)], Drain(queue).Select(f => (f.Index, Math.Round(f.Timestamp, 6))));
    }

    [Fact]
    public void Without_camera_info_the_oldest_held_pair_beyond_the_sync_queue_size_is_a_camera_info_rejection()
    {
        var queue = new FrameQueue(10);
        using var stage = Start(queue, settings with { SyncQueueSize = 2 });
        PublishPairs(5);
        Assert.Equal(3, stage.Counters.RejectedBy(InputRejection.CameraInfo));
        Assert.Equal(3, stage.Counters.Rejected);
        Assert.Equal("CameraInfo: no CameraInfo received yet on /info; the oldest of 3 frames held for it is refused", stage.Counters.LastRejection);
        Assert.Equal(0, queue.Pending);

        info.Publish(Info());
        Assert.Equal([0.099, 0.132], Drain(queue).Select(f => Math.Round(f.Timestamp, 6)));     // the newest two
    }

    [Fact]
    public void Pairs_still_held_for_a_camera_info_when_the_input_ends_are_counted_as_rejections()
    {
        var queue = new FrameQueue(10);
        var stage = Start(queue);
        PublishPairs(2);
        stage.Complete();
        stage.Dispose();
        Assert.Equal(2, stage.Counters.RejectedBy(InputRejection.CameraInfo));
        Assert.Equal("CameraInfo: 2 frame(s) held for a CameraInfo that never came on /info", stage.Counters.LastRejection);
        Assert.Empty(Drain(queue));
    }

    [Fact]
    public void Each_category_is_counted_through_the_bus()
    {
        var queue = new FrameQueue(10);
        using var stage = Start(queue);
        info.Publish(Info());
        // Encoding: colour as yuv422 (1 set). Size: 4x3 colour with 2x2 depth (1 set). Depth: all zero (1 set).
        colour.Publish(Colour(0) with { Encoding = "yuv422" }); depth.Publish(Depth(1));
        colour.Publish(Colour(33, 4, 3)); depth.Publish(Depth(34));
        colour.Publish(Colour(66)); depth.Publish(Depth(67, millimetres: 0));
        // Sync: depth 50 ms after the next colour (max 20 ms), so colour 99 is discarded unpaired.
        colour.Publish(Colour(99)); depth.Publish(Depth(149));
        // Stamp: a colour going back in time on its topic (before 99).
        colour.Publish(Colour(90));

        Assert.Equal(1, stage.Counters.RejectedBy(InputRejection.Encoding));
        Assert.Equal(1, stage.Counters.RejectedBy(InputRejection.Size));
        Assert.Equal(1, stage.Counters.RejectedBy(InputRejection.Depth));
        Assert.Equal(1, stage.Counters.RejectedBy(InputRejection.Sync));
        Assert.Equal(1, stage.Counters.RejectedBy(InputRejection.Stamp));
        Assert.Equal(3, stage.Counters.ReceivedSets);
        Assert.Equal(0, stage.Counters.Accepted);
        Assert.Equal(5, stage.Counters.Rejected);
        Assert.StartsWith("Stamp: /color stamp 0.090000000 is before", stage.Counters.LastRejection);
        Assert.Equal(5, logger.Warnings.Count); // one a category
    }

    [Fact]
    public void A_frame_not_after_the_previous_accepted_one_is_a_stamp_rejection()
    {
        // c0 d1 c0' d2 c40: two sets come out, (c0,d1) and (c0',d2) (equal colour stamps pass the synchronizer);
        // the second has the same stamp as the accepted first frame.
        var queue = new FrameQueue(10);
        using var stage = Start(queue);
        info.Publish(Info());
        colour.Publish(Colour(0)); depth.Publish(Depth(1)); colour.Publish(Colour(0)); depth.Publish(Depth(2)); colour.Publish(Colour(40));
        Assert.Equal((2, 1), (stage.Counters.ReceivedSets, stage.Counters.Accepted));
        Assert.Equal(1, stage.Counters.RejectedBy(InputRejection.Stamp));
        Assert.Contains("not after the previous accepted frame", stage.Counters.LastRejection);
    }

    [Fact]
    public void Failures_of_the_hook_and_the_queue_are_counted_not_thrown()
    {
        var queue = new FrameQueue(10);
        int calls = 0;
        using var stage = Start(queue, settings with
        {
            Preprocess = f => ++calls switch
            {
                1 => throw new InvalidOperationException("resize failed"),
                2 => throw new InputRejectedException(InputRejection.Size, "too small to crop"),
                _ => f,
            },
        });
        info.Publish(Info());
        PublishPairs(2);
        queue.Complete();
        colour.Publish(Colour(100)); depth.Publish(Depth(101)); colour.Publish(Colour(133));
        Assert.Equal(2, stage.Counters.RejectedBy(InputRejection.Other)); // the hook's exception, the closed queue
        Assert.Equal(1, stage.Counters.RejectedBy(InputRejection.Size));
        Assert.Contains(logger.Warnings, w => w.Contains("InvalidOperationException: resize failed"));
        Assert.Equal("Other: the frame queue is closed", stage.Counters.LastRejection);
    }

    [Fact]
    public void A_bad_stream_logs_one_warning_a_second_with_the_count_held_back()
    {
        var queue = new FrameQueue(10);
        using var stage = Start(queue);
        info.Publish(Info());
        PublishPairs(5, makeDepth: ms => Depth(ms, millimetres: 0)); // 5 depth rejections at the same instant: 1 line
        Assert.Single(logger.Warnings);
        clock.Advance(TimeSpan.FromSeconds(1.5));
        depth.Publish(Depth(166, millimetres: 0)); colour.Publish(Colour(199)); // pairs with the colour left at 165: the 6th
        Assert.Equal(6, stage.Counters.RejectedBy(InputRejection.Depth));
        Assert.Equal(2, logger.Warnings.Count);
        Assert.Contains("4 more Depth rejections", logger.Warnings[1]);
    }

    [Fact]
    public void After_dispose_nothing_is_received()
    {
        var queue = new FrameQueue(10);
        var stage = Start(queue);
        info.Publish(Info());
        stage.Dispose();
        PublishPairs(3);
        Assert.Equal(0, stage.Counters.ReceivedSets);
        Assert.Equal(0, queue.Pending);
        Assert.Throws<ObjectDisposedException>(stage.Start);
    }

    [Fact]
    public async Task Dispose_releases_a_producer_blocked_on_a_full_queue()
    {
        // Capacity 1 with Block: the second frame waits for room on the publishing thread until the stage is disposed.
        var queue = new FrameQueue(1, QueueFullPolicy.Block);
        var stage = Start(queue);
        info.Publish(Info());
        var producer = Task.Run(() => PublishPairs(2));
        // The first frame goes in (however long a loaded machine takes to start the producer); the second then waits.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (stage.Counters.Accepted < 1 && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(10);
        Assert.Equal(1, stage.Counters.Accepted);
        Assert.NotSame(producer, await Task.WhenAny(producer, Task.Delay(200)));
        stage.Dispose();
        await producer.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((1, 0, 1), (stage.Counters.Accepted, stage.Counters.Rejected, queue.Pending));
    }

    [Fact]
    public void Input_settings_are_checked_once_with_the_node_settings()
    {
        // The stage takes its settings from NodeOptions (InputSettings.From), whose validator names every bad one.
        static IReadOnlyList<string> Problems(Action<NodeOptions> change)
        {
            var options = new NodeOptions();
            change(options);
            return options.Problems();
        }
        Assert.Empty(Problems(_ => { }));
        Assert.Contains(Problems(o => o.DepthTopic = o.ColorTopic), p => p.Contains("depth_topic", StringComparison.Ordinal));
        Assert.Contains(Problems(o => o.SyncQueueSize = 0), p => p.Contains("sync_queue_size", StringComparison.Ordinal));
        Assert.Contains(Problems(o => o.SyncMaxInterval = -1), p => p.Contains("sync_max_interval", StringComparison.Ordinal));
        Assert.Contains(Problems(o => o.DepthScale = double.NaN), p => p.Contains("depth_scale", StringComparison.Ordinal));
        var settings = InputSettings.From(new NodeOptions { SyncMaxInterval = 0.005 }, null);
        Assert.Equal(0.005, settings.SyncMaxIntervalSeconds);
    }
}
