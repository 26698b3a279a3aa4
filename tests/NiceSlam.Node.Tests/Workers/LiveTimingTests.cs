using NiceSlam.Core.Geometry;
using NiceSlam.Core.Mapping;
using NiceSlam.Core.Slam;
using NiceSlam.Node.Workers;

namespace NiceSlam.Node.Tests.Workers;

/// <summary>LiveTiming on a hand-driven clock: latencies, their median and 95th percentile, and the mapping lag.</summary>
public class LiveTimingTests
{
    private double now;
    private LiveTiming NewTiming() => new(() => now);

    private static FrameReport Tracked(double stamp) =>
        new(0, stamp, RigidTransform.Identity, null, null);

    private static FrameReport Mapped(double stamp) =>
        new(0, stamp, RigidTransform.Identity, null, new MappingResult(0, 1, 0, 0, 0, 0, 1, [], false));

    [Fact]
    public void Latency_is_the_clock_at_posting_minus_the_stamp_with_nearest_rank_quantiles()
    {
        var timing = NewTiming();
        Assert.Equal(default, timing.Recent());
        for (int i = 1; i <= 20; i++)
        {
            now = 100 + i * 0.001;                         // latency i ms (stamp 100)
            timing.Observe(Tracked(100));
        }
        var recent = timing.Recent();
        Assert.Equal(20, recent.Frames);
        Assert.Equal(10, recent.MedianMs, 6);             // nearest rank: the 10th of 20
        Assert.Equal(19, recent.P95Ms, 6);                // the 19th of 20
        var whole = timing.Whole();
        Assert.Equal(20, whole.Frames);
        Assert.InRange(whole.MedianMs, 10, 11);            // 1 ms bins: the bin's upper edge
        Assert.InRange(whole.P95Ms, 19, 20);
    }

    [Fact]
    public void The_recent_window_forgets_old_frames_and_the_whole_run_keeps_them()
    {
        var timing = NewTiming();
        for (int i = 0; i < 300; i++)
        {
            now = i + (i < 200 ? 5.0 : 0.010);              // 5 s behind for 200 frames, then 10 ms
            timing.Observe(Tracked(i));
        }
        Assert.Equal(LiveTiming.Window, timing.Recent().Frames);
        Assert.Equal(10, timing.Recent().P95Ms, 3);
        Assert.Equal(300, timing.Whole().Frames);
        Assert.InRange(timing.Whole().P95Ms, 5000, 5001);
    }

    [Fact]
    public void Mapping_lag_is_the_newest_tracked_stamp_minus_the_newest_mapped_and_rejections_count_for_nothing()
    {
        var timing = NewTiming();
        Assert.Equal(0, timing.MappingLagSeconds);
        timing.Observe(Tracked(10));
        Assert.Equal(0, timing.MappingLagSeconds);                           // nothing mapped yet
        timing.Observe(Mapped(10));
        timing.Observe(Tracked(12.5));
        Assert.Equal(2.5, timing.MappingLagSeconds, 9);
        timing.Observe(new FrameReport(3, 20, null, null, null, Rejection: "stamps going back"));
        Assert.Equal(2.5, timing.MappingLagSeconds, 9);
        Assert.Equal(2, timing.Whole().Frames);
        timing.Observe(Mapped(12.5));
        Assert.Equal(0, timing.MappingLagSeconds);
    }

    [Fact]
    public void A_frame_stamped_after_the_clock_counts_as_no_latency_not_a_negative_one()
    {
        var timing = NewTiming();
        now = 5;
        timing.Observe(Tracked(6));
        Assert.Equal(0, timing.Recent().MedianMs);
    }

    [Fact]
    public void Tracked_frames_per_camera_second_count_the_frames_kept_over_the_stamps_they_span()
    {
        var timing = NewTiming();
        Assert.True(double.IsNaN(timing.TrackedPerCameraSecond));
        // A 30 Hz camera for 3 s (frames 0..90), every other frame tracked, the clock far beyond the stamps (a long
        // first map and shutdown must not count).
        now = 1000;
        for (int i = 0; i <= 90; i += 2) timing.Observe(Tracked(i / 30.0));
        timing.Observe(Mapped(3.0));
        Assert.Equal(15, timing.TrackedPerCameraSecond, 9);
        timing.Observe(new FrameReport(3, 10, null, null, null, Rejection: "stamps going back"));
        Assert.Equal(15, timing.TrackedPerCameraSecond, 9);                  // rejections count for nothing
    }

    [Fact]
    public void Stamps_far_from_the_nodes_clock_are_measured_from_receipt_and_labelled_so()
    {
        var timing = NewTiming();
        now = 1_700_000_000;                              // wall clock; the camera stamps from its own boot
        timing.NoteReceipt(12.5);
        now += 0.040;
        timing.Observe(Tracked(12.5));
        var recent = timing.Recent();
        Assert.True(recent.FromReceipt);
        Assert.Equal(40, recent.MedianMs, 3);
        Assert.Contains("receipt-to-pose", recent.Label);
        Assert.Equal(0.040, timing.SinceReceipt(12.5)!.Value, 6);
    }

    [Fact]
    public void Stamps_on_the_nodes_clock_are_measured_from_the_stamp()
    {
        var timing = NewTiming();
        now = 100.050;
        timing.NoteReceipt(100.0);
        timing.Observe(Tracked(100.0));
        Assert.False(timing.Recent().FromReceipt);
        Assert.Equal(50, timing.Recent().MedianMs, 6);
        Assert.Equal("stamp-to-pose", timing.Recent().Label);
    }
}
