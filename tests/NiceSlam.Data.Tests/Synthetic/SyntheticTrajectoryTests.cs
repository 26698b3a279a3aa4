using NiceSlam.Data.Synthetic;

namespace NiceSlam.Data.Tests.Synthetic;

public class SyntheticTrajectoryTests
{
    [Fact]
    public void Synthetic_trajectory_moves_a_few_centimetres_and_about_a_degree_a_frame()
    {
        var trajectory = new SyntheticTrajectory(300, 30);
        var room = SyntheticScene.DefaultRoom;
        for (int i = 0; i < trajectory.FrameCount; i++)
        {
            var pose = trajectory.PoseOf(i);
            Assert.True(pose.OrthonormalityError() < 1e-12);
            Assert.True(room.Contains(new Vec3(pose.Tx, pose.Ty, pose.Tz), 0.8), $"frame {i} at {pose} is near a wall");
            if (i == 0) continue;
            var step = trajectory.PoseOf(i - 1).Inverse() * pose;
            Assert.InRange(step.TranslationNorm(), 0.01, 0.05);
            Assert.InRange(step.RotationAngle() * 180 / Math.PI, 0.3, 2.0);
        }
        var path = trajectory.ToTrajectory();
        Assert.Equal(300, path.Count);
        Assert.True(path.IsStrictlyIncreasing());
        Assert.Equal(299 / 30.0, path[299].Timestamp, 6);
    }

    [Fact]
    public void Synthetic_trajectory_looks_at_the_room_centre_with_image_down_pointing_down()
    {
        var trajectory = new SyntheticTrajectory(100, 30);
        for (int i = 0; i < 100; i += 9)
        {
            var pose = trajectory.PoseOf(i);
            // Optical z (the viewing direction) points roughly at the room's centre, optical y (image down) has a
            // downward world component, and the rotation is proper.
            var forward = new Vec3(pose.R(0, 2), pose.R(1, 2), pose.R(2, 2));
            var toCentre = (new Vec3(0, 0, 0.8) - new Vec3(pose.Tx, pose.Ty, pose.Tz)).Normalized();
            Assert.True(forward.Dot(toCentre) > 0.95);
            Assert.True(pose.R(2, 1) < -0.8);
            var x = new Vec3(pose.R(0, 0), pose.R(1, 0), pose.R(2, 0));
            var y = new Vec3(pose.R(0, 1), pose.R(1, 1), pose.R(2, 1));
            Assert.Equal(1, x.Cross(y).Dot(forward), 12);
        }
    }

    [Fact]
    public void Synthetic_trajectory_scales_motion_with_frame_rate()
    {
        var fast = new SyntheticTrajectory(10, 30);
        var slow = new SyntheticTrajectory(10, 10);
        Assert.Equal(fast.PoseOf(3).ToMatrix(), slow.PoseOf(1).ToMatrix());
        Assert.Throws<ArgumentOutOfRangeException>(() => fast.PoseOf(10));
    }
}
