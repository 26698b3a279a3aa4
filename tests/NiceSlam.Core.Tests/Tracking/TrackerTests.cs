using NiceSlam.Core.Geometry;
using NiceSlam.Core.Tracking;

namespace NiceSlam.Core.Tests.Tracking;

public class TrackerTests
{
    [Fact]
    public void Constant_velocity_repeats_the_last_relative_motion()
    {
        var t0 = RigidTransform.FromAxisAngle(0, 0, 1, 0.1, 1, 0, 0);
        var step = RigidTransform.FromAxisAngle(0, 1, 0, 0.05, 0.02, 0.01, -0.03);
        var t1 = step * t0;
        var predicted = Tracker.Predict(t0, t1, constantVelocity: true);
        var expected = step * step * t0;
        Assert.True(predicted.Compose(expected.Inverse()).RotationAngle() < 1e-9);
        Assert.Equal(expected.Tx, predicted.Tx, 9);
        Assert.Equal(expected.Tz, predicted.Tz, 9);
    }

    [Fact]
    public void Without_constant_velocity_or_history_the_previous_pose_is_the_guess()
    {
        var t1 = RigidTransform.FromAxisAngle(1, 0, 0, 0.2, 0.5, 0, 0);
        Assert.Equal(t1, Tracker.Predict(RigidTransform.Identity, t1, constantVelocity: false));
        Assert.Equal(t1, Tracker.Predict(null, t1, constantVelocity: true));
    }
}
