using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Node.Sources;

/// <summary>
/// The in-process bus's clock: wall time until a recording is played, then the recording's time (the stamp of the
/// last message played), as ROS nodes see /clock under use_sim_time during `ros2 bag play --clock`. Keeps status
/// messages and output bags on one clock with the poses.
/// </summary>
public sealed class ReplayClock
{
    private long recordedNs = long.MinValue;

    public Time Now()
    {
        long ns = Interlocked.Read(ref recordedNs);
        return ns != long.MinValue ? Time.FromNanoseconds(ns) : Time.FromNanoseconds((DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100);
    }

    /// <summary>The recording has reached <paramref name="stamp"/> (never goes back).</summary>
    public void Advance(Time stamp)
    {
        long ns = stamp.TotalNanoseconds, current;
        do
        {
            current = Interlocked.Read(ref recordedNs);
            if (current != long.MinValue && ns <= current) return;
        }
        while (Interlocked.CompareExchange(ref recordedNs, ns, current) != current);
    }
}
