using NiceSlam.Messages.StdMsgs;
using NiceSlam.Node.Sources;

namespace NiceSlam.Node.Tests.Sources;

public class ReplayClockTests
{
    [Fact]
    public void Before_a_recording_it_is_wall_time_and_played_as_fast_as_it_goes_it_is_the_newest_stamp()
    {
        var clock = new ReplayClock();
        double wall = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
        Assert.InRange(clock.Now().ToSeconds(), wall - 5, wall + 5);
        clock.StartPlayback(new Time(100, 0), 0);                    // rate 0: no pace
        clock.Advance(new Time(100, 0));
        clock.Advance(new Time(102, 0));
        clock.Advance(new Time(101, 0));                             // never back
        Assert.Equal(new Time(102, 0), clock.Now());
    }

    [Fact]
    public void Played_at_a_pace_it_runs_on_from_the_first_stamp_at_the_rate_and_does_not_stop_between_messages()
    {
        var clock = new ReplayClock();
        clock.StartPlayback(new Time(100, 0), 2.0);
        clock.Advance(new Time(100, 0));
        var first = clock.Now().ToSeconds();
        Thread.Sleep(200);
        var later = clock.Now().ToSeconds();
        Assert.InRange(first, 100, 100.5);
        Assert.True(later - first >= 0.4 - 0.02, $"{later - first:0.000} s of recording time over 0.2 s of wall time at 2x");
        clock.Advance(new Time(100, 1000));                          // a message stamped in the past does not move it back
        Assert.True(clock.Now().ToSeconds() >= later);
    }
}
