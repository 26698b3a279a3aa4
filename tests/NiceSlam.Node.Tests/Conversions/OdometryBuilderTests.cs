using NiceSlam.Core.Geometry;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Node.Conversions;

namespace NiceSlam.Node.Tests.Conversions;

public class OdometryBuilderTests
{
    [Fact]
    public void Twist_is_the_body_velocity_between_the_last_two_poses()
    {
        var odometry = new OdometryBuilder("map", "camera", poseVariance: 0.01, twistVariance: 0.04);
        // Before: yawed 90° at the origin. After 0.5 s: moved to (0, 1, 0) and yawed a further 0.2 rad.
        // World velocity (0, 2, 0); in the new body axes x = (cos θ, sin θ), y = (-sin θ, cos θ), θ = 90° + 0.2:
        // vx = 2 sin θ = 2 cos 0.2, vy = 2 cos θ = -2 sin 0.2. Angular: 0.2 rad / 0.5 s = 0.4 rad/s about body z.
        var before = RigidTransform.FromAxisAngle(0, 0, 1, Math.PI / 2);
        var after = RigidTransform.FromAxisAngle(0, 0, 1, Math.PI / 2 + 0.2, 0, 1, 0);
        var first = odometry.Next(before, Time.FromSeconds(10));
        Assert.Equal(default, first.Twist.Twist);                                         // no earlier pose
        var second = odometry.Next(after, Time.FromSeconds(10.5));
        var twist = second.Twist.Twist;
        Assert.Equal(2 * Math.Cos(0.2), twist.Linear.X, 9);
        Assert.Equal(-2 * Math.Sin(0.2), twist.Linear.Y, 9);
        Assert.Equal(0, twist.Linear.Z, 9);
        Assert.Equal(0, twist.Angular.X, 9);
        Assert.Equal(0.4, twist.Angular.Z, 9);

        Assert.Equal("map", second.Header.FrameId);
        Assert.Equal("camera", second.ChildFrameId);
        Assert.Equal(1, second.Pose.Pose.Position.Y, 12);
        // Diagonals carry the variances; everything else is 0.
        Assert.Equal(0.01, second.Pose.Covariance[0]);
        Assert.Equal(0.01, second.Pose.Covariance[35]);
        Assert.Equal(0.04, second.Twist.Covariance[14]);
        Assert.Equal(0, second.Pose.Covariance[1]);
        Assert.Equal(6 * 0.04, second.Twist.Covariance.Sum(), 12);
    }

    [Fact]
    public void A_small_rotation_gives_its_angular_velocity()
    {
        // 1e-9 rad about x in 1 s: the small-angle branch must give 1e-9 rad/s, not 0 or NaN.
        var twist = OdometryBuilder.Velocity(RigidTransform.Identity, new Time(1, 0), RigidTransform.FromAxisAngle(1, 0, 0, 1e-9), new Time(2, 0));
        Assert.Equal(1e-9, twist.Angular.X, 15);
    }

    [Fact]
    public void A_stamp_not_after_the_previous_gives_no_velocity()
    {
        Assert.Throws<ArgumentException>(() => OdometryBuilder.Velocity(RigidTransform.Identity, new Time(2, 0), RigidTransform.Identity, new Time(2, 0)));
        var odometry = new OdometryBuilder("map", "camera");
        odometry.Next(RigidTransform.Identity, new Time(5, 0));
        Assert.Equal(default, odometry.Next(new RigidTransform([1, 0, 0, 0, 1, 0, 0, 0, 1], 1, 0, 0), new Time(4, 0)).Twist.Twist); // stamp went back
    }

    [Fact]
    public void A_negative_pose_variance_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new OdometryBuilder("map", "camera", poseVariance: -1));
}
