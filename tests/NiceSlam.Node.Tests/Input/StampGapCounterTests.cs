using NiceSlam.Node.Input;

namespace NiceSlam.Node.Tests.Input;

/// <summary>Frames missing before the node, estimated from gaps in a fixed-rate stream's stamps.</summary>
public class StampGapCounterTests
{
    [Fact]
    public void A_regular_stream_has_no_gap_and_a_skipped_frame_counts_one()
    {
        var gaps = new StampGapCounter();
        for (int i = 0; i < 30; i++) Assert.Equal(0, gaps.Add(i / 30.0));
        Assert.Equal(1 / 30.0, gaps.Period, 9);
        Assert.Equal(1, gaps.Add(31 / 30.0));        // frame 30 never came
        Assert.Equal(3, gaps.Add(35 / 30.0));        // frames 32, 33, 34
        Assert.Equal(0, gaps.Add(36 / 30.0));
        Assert.Equal(4, gaps.Missing);
        Assert.Equal(1 / 30.0, gaps.Period, 9);      // gaps do not enter the period estimate
    }

    [Fact]
    public void Jitter_below_half_a_period_and_stamps_going_back_count_nothing()
    {
        var gaps = new StampGapCounter();
        double t = 0;
        for (int i = 0; i < 40; i++) gaps.Add(t += i % 2 == 0 ? 0.030 : 0.0366);     // 30 Hz with ±3 ms jitter
        Assert.Equal(0, gaps.Missing);
        Assert.Equal(0, gaps.Add(t - 1));            // a stamp that goes back (rejected elsewhere)
        Assert.Equal(0, gaps.Missing);
    }

    [Fact]
    public void Nothing_is_counted_before_the_period_is_known()
    {
        var gaps = new StampGapCounter();
        gaps.Add(0);
        gaps.Add(0.1);
        Assert.True(double.IsNaN(gaps.Period));
        Assert.Equal(0, gaps.Add(5));
    }
}
