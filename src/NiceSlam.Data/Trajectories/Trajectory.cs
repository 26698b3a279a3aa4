using System.Collections;
using NiceSlam.Core.Geometry;

namespace NiceSlam.Data.Trajectories;

/// <summary>A camera-to-world pose at a time (seconds).</summary>
public readonly record struct StampedPose(double Timestamp, RigidTransform Pose);

/// <summary>A sequence of stamped camera-to-world poses, in the order given (normally increasing time).</summary>
public sealed class Trajectory : IReadOnlyList<StampedPose>
{
    private readonly StampedPose[] poses;

    public Trajectory(IEnumerable<StampedPose> poses) => this.poses = poses.ToArray();

    public int Count => poses.Length;

    public StampedPose this[int index] => poses[index];

    public IEnumerator<StampedPose> GetEnumerator() => ((IEnumerable<StampedPose>)poses).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => poses.GetEnumerator();

    /// <summary>True when timestamps strictly increase.</summary>
    public bool IsStrictlyIncreasing()
    {
        for (int i = 1; i < poses.Length; i++)
            if (!(poses[i].Timestamp > poses[i - 1].Timestamp)) return false;
        return true;
    }

    /// <summary>Total path length of the translations, metres.</summary>
    public double PathLength()
    {
        double length = 0;
        for (int i = 1; i < poses.Length; i++)
        {
            var a = poses[i - 1].Pose;
            var b = poses[i].Pose;
            length += Math.Sqrt(Math.Pow(b.Tx - a.Tx, 2) + Math.Pow(b.Ty - a.Ty, 2) + Math.Pow(b.Tz - a.Tz, 2));
        }
        return length;
    }
}
