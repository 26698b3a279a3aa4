using NiceSlam.Core.Geometry;
using NiceSlam.Core.Tracking;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Tracking;

/// <summary>The odometry's second reference (<see cref="CompanionReference"/>): the last frame beside the keyframe.</summary>
public class CompanionReferenceTests(ITestOutputHelper output)
{
    private static readonly RgbdOdometry Odometry = new(new OdometrySettings());

    /// <summary>Weighted normal equations [55] of residual rows [A b] (A [n, 6], b [n]) as HybridResiduals lays them out.</summary>
    private static HybridEquations EquationsOf(double[,] a, double[] b)
    {
        int n = b.Length;
        var values = new double[HybridResiduals.Length];
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 7; j++)
                for (int r = 0; r < n; r++)
                    values[i * 7 + j] += (i < 6 ? a[r, i] : b[r]) * (j < 6 ? a[r, j] : b[r]);
        values[49] = n;
        return new HybridEquations(tensor(values, float64), zeros(n), ones(n, dtype: ScalarType.Bool));
    }

    [Fact]
    public void A_companion_s_equations_enter_with_their_jacobian_moved_by_the_adjoint()
    {
        var random = new Random(7);
        const int n = 40;
        var a = new double[n, 6];
        var b = new double[n];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < 6; j++) a[r, j] = random.NextDouble() * 2 - 1;
            b[r] = random.NextDouble() - 0.5;
        }
        var c = RigidTransform.FromAxisAngle(1, 0.5, -0.2, 0.4, 0.3, -0.1, 0.2);
        var ad = Se3.Adjoint(c);
        var moved = new double[n, 6];                                                   // rows of A Ad_C
        for (int r = 0; r < n; r++)
            for (int j = 0; j < 6; j++)
                for (int l = 0; l < 6; l++) moved[r, j] += a[r, l] * ad[l * 6 + j];
        using var own = EquationsOf(new double[10, 6], new double[10]);                // all zero, 10 rows
        using var companion = EquationsOf(a, b);
        using var expected = EquationsOf(moved, b);
        own.Add(companion, c, 0.5);
        var got = own.Values.data<double>().ToArray();
        var want = expected.Values.data<double>().ToArray();
        for (int i = 0; i < 49; i++) Assert.True(Math.Abs(got[i] - 0.5 * want[i]) < 1e-9 * Math.Max(1, Math.Abs(want[i])), $"entry {i}: {got[i]} vs {0.5 * want[i]}");
        Assert.Equal(10, got[49]);                                                      // counts stay the reference's
    }

    [Fact]
    public void A_frame_aligned_to_its_keyframe_and_the_last_frame_lands_on_the_truth_and_a_misplaced_last_frame_pulls_it_off()
    {
        var k = OdometryPairs.Camera();
        var keyframePose = OdometryPairs.PoseOnPath(10);
        var lastPose = OdometryPairs.PoseOnPath(12);
        var movingPose = OdometryPairs.PoseOnPath(13);
        using var keyframeFrame = OdometryPairs.Render(keyframePose, k, index: 10);
        using var lastFrame = OdometryPairs.Render(lastPose, k, index: 12);
        using var movingFrame = OdometryPairs.Render(movingPose, k, index: 13);
        using var keyframe = new RgbdPyramid(keyframeFrame, 4);
        using var last = new RgbdPyramid(lastFrame, 4);
        using var moving = new RgbdPyramid(movingFrame, 4);
        var truth = keyframePose.Inverse() * movingPose;
        var guess = truth * RigidTransform.FromAxisAngle(0.2, 1, 0.1, 2 * Math.PI / 180, 0.01, -0.01, 0.005);
        var lastFromKeyframe = lastPose.Inverse() * keyframePose;

        var joint = Odometry.Align(keyframe, moving, guess, companion: new CompanionReference(last, lastFromKeyframe, 1));
        var (metres, degrees) = OdometryPairs.Error(joint.Relative, truth);
        output.WriteLine($"with the last frame: {joint}; error {metres * 1000:0.00} mm, {degrees:0.000}°");
        Assert.True(joint.Succeeded, joint.ToString());
        Assert.True(metres < 0.002 && degrees < 0.2, $"error {metres * 1000:0.00} mm, {degrees:0.000}°");

        // The same last frame believed 3 cm off: its residuals take part, so the pose moves towards where it says.
        var misplaced = RigidTransform.FromAxisAngle(0, 0, 1, 0, 0.03, 0, 0) * lastFromKeyframe;
        var pulled = Odometry.Align(keyframe, moving, guess, companion: new CompanionReference(last, misplaced, 1));
        var (pulledMetres, _) = OdometryPairs.Error(pulled.Relative, truth);
        output.WriteLine($"with the last frame 3 cm off: error {pulledMetres * 1000:0.00} mm");
        Assert.True(pulledMetres > 0.005, $"a misplaced companion moved the pose only {pulledMetres * 1000:0.00} mm");
    }
}
