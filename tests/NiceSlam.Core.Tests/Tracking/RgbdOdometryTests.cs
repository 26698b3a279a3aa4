using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Tracking;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Tracking;

public class RgbdOdometryTests(ITestOutputHelper output)
{
    private static readonly RgbdOdometry Odometry = new(new OdometrySettings());

    /// <summary>5 cm along a skewed direction and 10° about a skewed axis, in the moving camera's frame.</summary>
    private static RigidTransform Offset()
    {
        double n = Math.Sqrt(1 + 0.25 + 0.25);
        return RigidTransform.FromAxisAngle(0.3, 1, 0.2, 10 * Math.PI / 180, 0.05 / n, -0.025 / n, 0.025 / n);
    }

    [Fact]
    public void A_5_cm_10_degree_offset_is_recovered_to_2_mm_and_0_2_degrees()
    {
        var k = OdometryPairs.Camera();
        var referencePose = OdometryPairs.PoseOnPath(10);
        var offset = Offset();
        using var reference = OdometryPairs.Render(referencePose, k);
        using var moving = OdometryPairs.Render(referencePose * offset, k);
        using var referencePyramid = new RgbdPyramid(reference, 4);
        using var movingPyramid = new RgbdPyramid(moving, 4);
        var result = Odometry.Align(referencePyramid, movingPyramid, RigidTransform.Identity, wideBasin: true);
        var (metres, degrees) = OdometryPairs.Error(result.Relative, offset);
        output.WriteLine($"{result}; error {metres * 1000:0.00} mm, {degrees:0.000}°");
        Assert.True(result.Succeeded, result.ToString());
        Assert.True(metres < 0.002 && degrees < 0.2, $"error {metres * 1000:0.00} mm, {degrees:0.000}°");
    }

    [Fact]
    public void The_offset_is_still_recovered_with_30_percent_depth_holes_and_a_moving_object()
    {
        var k = OdometryPairs.Camera();
        var referencePose = OdometryPairs.PoseOnPath(10);
        var offset = Offset();
        // Different holes in each frame; the sphere has moved 0.5 s along its circle between the two.
        using var reference = OdometryPairs.Render(referencePose, k, holes: 0.3, moving: true, time: 0, seed: 1);
        using var moving = OdometryPairs.Render(referencePose * offset, k, holes: 0.3, moving: true, time: 0.5, seed: 2);
        Assert.InRange(1 - moving.ValidCount / (double)(k.Width * k.Height), 0.29, 0.31);
        using var referencePyramid = new RgbdPyramid(reference, 4);
        using var movingPyramid = new RgbdPyramid(moving, 4);
        var result = Odometry.Align(referencePyramid, movingPyramid, RigidTransform.Identity, wideBasin: true);
        var (metres, degrees) = OdometryPairs.Error(result.Relative, offset);
        output.WriteLine($"{result}; error {metres * 1000:0.00} mm, {degrees:0.000}°");
        Assert.True(result.Succeeded, result.ToString());
        Assert.True(metres < 0.002 && degrees < 0.2, $"error {metres * 1000:0.00} mm, {degrees:0.000}°");
    }

    [Theory]
    [InlineData(90)]
    [InlineData(135)]
    [InlineData(180)]
    [InlineData(270)]
    public void An_unrelated_pair_is_reported_as_failed_not_as_a_confident_wrong_pose(int other)
    {
        var k = OdometryPairs.Camera();
        // The same room from 90° to 270° further round the orbit: a different part of the room.
        using var reference = OdometryPairs.Render(OdometryPairs.PoseOnPath(0), k);
        using var moving = OdometryPairs.Render(OdometryPairs.PoseOnPath(other), k);
        using var referencePyramid = new RgbdPyramid(reference, 4);
        using var movingPyramid = new RgbdPyramid(moving, 4);
        var result = Odometry.Align(referencePyramid, movingPyramid, RigidTransform.Identity, wideBasin: true);
        output.WriteLine(result.ToString());
        Assert.False(result.Succeeded, $"an unrelated pair was aligned: {result}");
        Assert.NotNull(result.Failure);
    }

    private static FrameTensors StripedWall(RigidTransform cameraToWorld, CameraIntrinsics k) =>
        new(OdometryPairs.StripedWall(0, cameraToWorld, k), CPU);

    private static readonly RigidTransform FacingTheWall = OdometryPairs.FacingTheWall;

    /// <summary>3 cm right, 4 cm down (along the stripes), 2 cm forward and 3° about a skewed axis, in the moving
    /// camera's frame.</summary>
    private static RigidTransform AlongTheStripes() => RigidTransform.FromAxisAngle(0.5, 1, 0.3, 3 * Math.PI / 180, 0.03, 0.04, 0.02);

    [Fact]
    public void A_direction_the_scene_does_not_constrain_keeps_the_prediction_and_the_others_are_solved()
    {
        var k = OdometryPairs.Camera();
        var offset = AlongTheStripes();
        using var reference = StripedWall(FacingTheWall, k);
        using var moving = StripedWall(FacingTheWall * offset, k);
        using var referencePyramid = new RgbdPyramid(reference, 3);
        using var movingPyramid = new RgbdPyramid(moving, 3);
        // The prediction: no motion at all. Sliding along the stripes (camera y) cannot be measured, so it must stay
        // at the prediction's 0 while x, z and the rotation are found.
        var result = Odometry.Align(referencePyramid, movingPyramid, RigidTransform.Identity);
        var r = result.Relative;
        var rotationError = r.Inverse() * offset;
        output.WriteLine($"{result}; t = ({r.Tx * 1000:0.0}, {r.Ty * 1000:0.0}, {r.Tz * 1000:0.0}) mm, rotation error {rotationError.RotationAngle() * 180 / Math.PI:0.000}°");
        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(1, result.DegenerateDirections);
        Assert.True(rotationError.RotationAngle() * 180 / Math.PI < 0.2, $"rotation off by {rotationError.RotationAngle() * 180 / Math.PI:0.000}°");
        Assert.True(Math.Abs(r.Tx - offset.Tx) < 0.002 && Math.Abs(r.Tz - offset.Tz) < 0.002,
            $"x/z off: ({(r.Tx - offset.Tx) * 1000:0.0}, {(r.Tz - offset.Tz) * 1000:0.0}) mm");
        Assert.True(Math.Abs(r.Ty) < 0.002, $"the unconstrained direction moved off the prediction: {r.Ty * 1000:0.0} mm");
    }

    [Fact]
    public void More_degenerate_directions_than_allowed_fail_the_alignment()
    {
        var k = OdometryPairs.Camera();
        using var reference = StripedWall(FacingTheWall, k);
        using var moving = StripedWall(FacingTheWall * AlongTheStripes(), k);
        using var referencePyramid = new RgbdPyramid(reference, 3);
        using var movingPyramid = new RgbdPyramid(moving, 3);
        var strict = new RgbdOdometry(new OdometrySettings { MaxDegenerateDirections = 0 });
        var result = strict.Align(referencePyramid, movingPyramid, RigidTransform.Identity);
        output.WriteLine(result.ToString());
        Assert.False(result.Succeeded);
        Assert.Contains("degenerate", result.Failure);
    }
}
