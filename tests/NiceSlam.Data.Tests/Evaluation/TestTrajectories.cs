using NiceSlam.Core.Geometry;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Data.Tests.Evaluation;

internal static class TestTrajectories
{
    /// <summary>A helix (radius 1.5 m, 0.5 m rise a turn) at 30 Hz with an orientation that keeps turning.</summary>
    public static Trajectory Helix(int count, double t0 = 1000)
    {
        var poses = new List<StampedPose>(count);
        for (int i = 0; i < count; i++)
        {
            double s = i * 2 * Math.PI / 150;
            var rotation = RigidTransform.FromAxisAngle(Math.Sin(s), 1, 0.3 * Math.Cos(s), s * 0.8);
            poses.Add(new StampedPose(t0 + i / 30.0,
                new RigidTransform(rotation.RotationRowMajor(), 1.5 * Math.Cos(s), 1.5 * Math.Sin(s), 0.5 * s / (2 * Math.PI))));
        }
        return new Trajectory(poses);
    }

    public static Trajectory Transformed(Trajectory trajectory, RigidTransform motion) =>
        new(trajectory.Select(p => p with { Pose = motion * p.Pose }));
}
