using NiceSlam.Core.Geometry;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Node.Conversions;
using static NiceSlam.Node.Tests.Conversions.MapFrameConventionTests;

namespace NiceSlam.Node.Tests.Conversions;

public class TransformConversionsTests
{
    [Fact]
    public void Quaternion_is_written_x_y_z_w_with_w_non_negative()
    {
        // 270° about z is q = (0, 0, sin 135°, cos 135°) = (0, 0, 0.7071, -0.7071); the w >= 0 twin is (0, 0, -0.7071, 0.7071).
        var t = RigidTransform.FromAxisAngle(0, 0, 1, 1.5 * Math.PI, 1, 2, 3);
        var msg = TransformConversions.ToTransform(t);
        Assert.Equal(new Vector3(1, 2, 3), msg.Translation);
        Assert.Equal(0, msg.Rotation.X, 12);
        Assert.Equal(0, msg.Rotation.Y, 12);
        Assert.Equal(-Math.Sqrt(0.5), msg.Rotation.Z, 12);
        Assert.Equal(Math.Sqrt(0.5), msg.Rotation.W, 12);
        var pose = TransformConversions.ToPose(t);
        Assert.Equal(new Point(1, 2, 3), pose.Position);
        Assert.Equal(msg.Rotation, pose.Orientation);
    }

    [Fact]
    public void Messages_convert_back_with_the_quaternion_normalised()
    {
        // (0, 0, 2, 0) normalises to (0, 0, 1, 0): 180° about z, so (1, 0, 0) -> (-1, 0, 0), then + (5, 0, 0).
        var t = TransformConversions.ToRigidTransform(new Transform(new Vector3(5, 0, 0), new Quaternion(0, 0, 2, 0)));
        AssertPoint((4, 0, 0), t.Apply(1, 0, 0));
        var p = TransformConversions.ToRigidTransform(new Pose(new Point(0, 1, 0), new Quaternion(0, 0, 0, 3)));
        AssertPoint((1, 1, 0), p.Apply(1, 0, 0));
    }

    [Fact]
    public void A_zero_quaternion_or_a_non_finite_translation_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => TransformConversions.ToRigidTransform(new Transform(default, new Quaternion(0, 0, 0, 0))));
        Assert.Throws<ArgumentException>(() => TransformConversions.ToRigidTransform(new Transform(new Vector3(double.NaN, 0, 0), Quaternion.Identity)));
    }

    [Fact]
    public void Camera_transform_names_map_as_parent_and_the_camera_as_child()
    {
        var stamp = new Time(12, 5);
        var msg = TransformConversions.CameraTransform(RigidTransform.FromAxisAngle(1, 0, 0, 0.3, 1, 2, 3), stamp, "map", "camera_color_optical_frame");
        Assert.Equal("map", msg.Header.FrameId);
        Assert.Equal(stamp, msg.Header.Stamp);
        Assert.Equal("camera_color_optical_frame", msg.ChildFrameId);
        Assert.Equal(Math.Sin(0.15), msg.Transform.Rotation.X, 12);
        Assert.Equal(Math.Cos(0.15), msg.Transform.Rotation.W, 12);
        Assert.Throws<ArgumentException>(() => TransformConversions.CameraTransform(RigidTransform.Identity, stamp, "", "cam"));
    }

    [Fact]
    public void Map_to_odom_corrects_odometry_so_that_both_chains_agree()
    {
        // SLAM: camera at the map origin, unrotated. Odometry: camera at (1, 0, 0) in odom, yawed +90°.
        // map ← odom = (map ← camera)(odom ← camera)⁻¹ = I · (yaw -90°, t = -R(-90°)(1, 0, 0) = -(0, -1, 0) = (0, 1, 0)).
        var cameraInMap = RigidTransform.Identity;
        var cameraInOdom = RigidTransform.FromAxisAngle(0, 0, 1, Math.PI / 2, 1, 0, 0);
        var msg = TransformConversions.MapToOdom(cameraInMap, cameraInOdom, new Time(3, 0), "map", "odom");
        Assert.Equal("map", msg.Header.FrameId);
        Assert.Equal("odom", msg.ChildFrameId);
        AssertPoint((0, 1, 0), (msg.Transform.Translation.X, msg.Transform.Translation.Y, msg.Transform.Translation.Z));
        Assert.Equal(-Math.Sin(Math.PI / 4), msg.Transform.Rotation.Z, 12);           // yaw -90°
        Assert.Equal(Math.Cos(Math.PI / 4), msg.Transform.Rotation.W, 12);
        // The odom chain lands on SLAM's camera: (map ← odom)(odom ← camera) = map ← camera.
        var composed = TransformConversions.ToRigidTransform(msg.Transform) * cameraInOdom;
        AssertPoint((0, 0, 0), composed.Translation);
        Assert.True(composed.RotationAngle() < 1e-12);
    }
}
