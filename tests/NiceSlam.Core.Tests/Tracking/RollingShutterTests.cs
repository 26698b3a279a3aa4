using NiceSlam.Core.Geometry;
using NiceSlam.Core.Tracking;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Tracking;

/// <summary>
/// Frames read out row by row while the camera turns: the synthetic room rendered one row at a time, each row from
/// the pose of its exposure time, against the odometry's rolling-shutter model.
/// </summary>
public class RollingShutterTests(ITestOutputHelper output)
{
    private static readonly RgbdOdometry Odometry = new(new OdometrySettings());

    /// <summary>A fast hand-held turn: about 75°/s about a skewed axis while moving 11 cm/s.</summary>
    private static readonly double[] Velocity = [0.1, -0.02, 0.05, 0.3, 1.2, 0.2];

    private const double Readout = 0.03, Interval = 1 / 30.0;

    private static RigidTransform Moved(RigidTransform pose, double seconds) => pose * Se3.Exp([.. Velocity.Select(x => x * seconds)]);

    [Fact]
    public void The_readout_motion_is_the_velocity_between_two_poses_times_the_readout_time()
    {
        var previous = OdometryPairs.PoseOnPath(7);
        var motion = ReadoutMotion.Between(previous, Moved(previous, 0.05), 0.05, 0.025);
        double[] expected = [.. Velocity.Select(x => x * 0.025)];
        double[] actual = [motion.Ux, motion.Uy, motion.Uz, motion.Thetax, motion.Thetay, motion.Thetaz];
        for (int i = 0; i < 6; i++) Assert.Equal(expected[i], actual[i], 9);
        Assert.Equal(-0.5 + 0.5 / 120, ReadoutMotion.RowPosition(0, 120), 12);
        Assert.Equal(0.5 - 0.5 / 120, ReadoutMotion.RowPosition(119, 120), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadoutMotion.Between(previous, previous, 0, 0.025));
    }

    [Fact]
    public void Unrolled_points_lie_where_the_middle_row_camera_sees_them()
    {
        var k = OdometryPairs.Camera();
        var pose = OdometryPairs.PoseOnPath(10);
        using var frame = OdometryPairs.RenderRollingShutter(pose, Velocity, Readout, k);
        using var pyramid = new RgbdPyramid(frame, 1);
        var level = pyramid[0];
        var raw = level.Geometry[0, ..3].reshape(3, -1).t().contiguous().data<float>().ToArray();        // [HW, 3] as each row saw it
        var motion = new ReadoutMotion(Velocity[0] * Readout, Velocity[1] * Readout, Velocity[2] * Readout,
            Velocity[3] * Readout, Velocity[4] * Readout, Velocity[5] * Readout);
        pyramid.Unroll(motion);
        Assert.Equal(motion, pyramid.Readout);
        var unrolled = level.Geometry[0, ..3].reshape(3, -1).t().contiguous().data<float>().ToArray();
        double worst = 0, before = 0;
        for (int v = 0; v < k.Height; v++)
        {
            var rowPose = Moved(pose, ReadoutMotion.RowPosition(v, k.Height) * Readout);
            for (int u = 0; u < k.Width; u++)
            {
                int i = (v * k.Width + u) * 3;
                if (raw[i + 2] <= 0) continue;
                var truth = rowPose.Apply(raw[i], raw[i + 1], raw[i + 2]);                              // world point
                var model = pose.Apply(unrolled[i], unrolled[i + 1], unrolled[i + 2]);
                var naive = pose.Apply(raw[i], raw[i + 1], raw[i + 2]);
                worst = Math.Max(worst, Distance(truth, model));
                before = Math.Max(before, Distance(truth, naive));
            }
        }
        output.WriteLine($"largest world error: {before * 1000:0.00} mm as read out, {worst * 1000:0.000} mm unrolled");
        Assert.True(before > 0.01, $"the readout should shear the frame by centimetres, got {before * 1000:0.00} mm");
        // First order in the motion: the rest is the second-order term, 0.02 % of the room's few metres.
        Assert.True(worst < 0.002 && worst < before / 50, $"unrolled points are {worst * 1000:0.000} mm from where the middle row's camera sees them");
        Assert.Throws<InvalidOperationException>(() => pyramid.Unroll(motion));
    }

    [Fact]
    public void Modelling_the_readout_removes_the_error_a_rolling_shutter_puts_into_the_odometry()
    {
        // A keyframe read out while the camera turned one way, and a frame three frames later read out while it turns
        // the other way: their shears differ by twice the turn during a readout, and an odometry that takes each frame
        // for a snapshot turns that difference into a pose error.
        var k = OdometryPairs.Camera();
        var referencePose = OdometryPairs.PoseOnPath(10);
        double[] backwards = [.. Velocity.Select(x => -x)];
        var movingPose = Moved(referencePose, 3 * Interval);
        var previousPose = Moved(movingPose, -Interval);
        var truth = referencePose.Inverse() * movingPose;
        var guess = truth * RigidTransform.FromAxisAngle(1, 0.5, 0, Math.PI / 180, 0.01, 0, 0.005);  // a prediction 1 cm, 1° off
        using var reference = OdometryPairs.RenderRollingShutter(referencePose, backwards, Readout, k);
        using var moving = OdometryPairs.RenderRollingShutter(movingPose, Velocity, Readout, k, index: 3, time: 3 * Interval);

        // As a global-shutter odometry sees the pair.
        using var referencePyramid = new RgbdPyramid(reference, 4);
        using var movingPyramid = new RgbdPyramid(moving, 4);
        var naive = Odometry.Align(referencePyramid, movingPyramid, guess);
        var (naiveMetres, naiveDegrees) = OdometryPairs.Error(naive.Relative, truth);

        // With the model, as the tracker uses it: the keyframe unrolled by its own velocity then, the moving frame by
        // the velocity from the frame before it (tracked) to the pose being solved.
        referencePyramid.Unroll(new ReadoutMotion(backwards[0] * Readout, backwards[1] * Readout, backwards[2] * Readout,
            backwards[3] * Readout, backwards[4] * Readout, backwards[5] * Readout));
        var modelled = Odometry.Align(referencePyramid, movingPyramid, guess,
            movingReadout: relative => ReadoutMotion.Between(previousPose, referencePose * relative, Interval, Readout));
        var (metres, degrees) = OdometryPairs.Error(modelled.Relative, truth);

        output.WriteLine($"global-shutter model: {naiveMetres * 1000:0.00} mm, {naiveDegrees:0.000}°; rolling-shutter model: {metres * 1000:0.00} mm, {degrees:0.000}°");
        Assert.True(naive.Succeeded && modelled.Succeeded, $"{naive}; {modelled}");
        Assert.True(naiveMetres > 0.002 || naiveDegrees > 0.1, $"the readout should bias a global-shutter alignment: {naiveMetres * 1000:0.00} mm, {naiveDegrees:0.000}°");
        Assert.True(metres < 0.001 && degrees < 0.05, $"with the readout modelled: {metres * 1000:0.00} mm, {degrees:0.000}°");
    }

    private static double Distance((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y) + (a.Z - b.Z) * (a.Z - b.Z));
}
