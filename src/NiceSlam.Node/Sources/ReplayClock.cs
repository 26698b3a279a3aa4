using System.Diagnostics;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Node.Sources;

/// <summary>
/// The in-process bus's clock: wall time until a recording is played, then the recording's time, as ROS nodes see
/// /clock under use_sim_time during `ros2 bag play --clock`. Played at a pace (playback_rate &gt; 0), the recording's
/// time runs on with the wall clock from its first message (first stamp + elapsed x rate: the schedule the player
/// publishes by, so a message is published when the clock reaches its stamp, and the time a node takes after that
/// counts as latency); played as fast as it goes, it is the stamp of the last message played. Keeps status messages,
/// latencies and output bags on one clock with the poses.
/// </summary>
public sealed class ReplayClock
{
    private readonly object gate = new();
    private long recordedNs = long.MinValue;          // the newest stamp played
    private long firstNs;                             // paced: the first stamp, at `paced`'s start
    private double rate;
    private Stopwatch? paced;

    public Time Now()
    {
        lock (gate)
        {
            if (paced is not null)
                return Time.FromNanoseconds(firstNs + (long)(paced.Elapsed.Ticks * 100 * rate));
            return recordedNs != long.MinValue ? Time.FromNanoseconds(recordedNs) : Time.FromNanoseconds((DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100);
        }
    }

    /// <summary>The recording is played at <paramref name="playbackRate"/> times its speed from its first message,
    /// stamped <paramref name="firstStamp"/>, now (0: as fast as it goes, the clock follows <see cref="Advance"/>).</summary>
    public void StartPlayback(Time firstStamp, double playbackRate)
    {
        lock (gate)
        {
            if (playbackRate <= 0) return;
            firstNs = firstStamp.TotalNanoseconds;
            rate = playbackRate;
            paced = Stopwatch.StartNew();
        }
    }

    /// <summary>The recording has reached <paramref name="stamp"/> (never goes back).</summary>
    public void Advance(Time stamp)
    {
        lock (gate)
            if (recordedNs == long.MinValue || stamp.TotalNanoseconds > recordedNs) recordedNs = stamp.TotalNanoseconds;
    }
}
