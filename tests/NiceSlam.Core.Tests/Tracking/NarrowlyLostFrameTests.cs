using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Tracking;

/// <summary>
/// A frame whose alignment converges but misses the inlier gate (a blurred frame in a fast turn, a moving object) is
/// lost: not mapped and no reference. Its aligned pose still beats holding the last one, for the path and for the
/// next frame's prediction.
/// </summary>
public class NarrowlyLostFrameTests(ITestOutputHelper output)
{
    [Fact]
    public void A_frame_that_misses_only_the_inlier_gate_is_lost_but_reports_its_aligned_pose()
    {
        var k = OdometryPairs.Camera();
        var start = OdometryPairs.PoseOnPath(10);
        var truth = OdometryPairs.PoseOnPath(13);
        var guess = truth * NiceSlam.Core.Geometry.RigidTransform.FromAxisAngle(0, 1, 0, Math.PI / 180, 0.01, 0, 0);  // 1 cm, 1° off

        // The sphere has moved between the two frames: a few per cent of the points disagree.
        TrackingResult Track(double minInlierShare)
        {
            var options = SlamPresets.Cpu();
            options.Odometry.MinInlierShare = minInlierShare;
            using var generator = new Generator(3);
            using var tracker = new Tracker(options, generator);
            using (var first = OdometryPairs.Render(start, k, moving: true, time: 0)) tracker.Anchor(first, start);
            using var frame = OdometryPairs.Render(truth, k, index: 3, moving: true, time: 0.5);
            return tracker.Track(null, frame, guess);
        }

        var gated = Track(0.999);
        output.WriteLine($"gate 99.9 %: {gated.Outcome}, {gated.LostReason}; inliers {gated.Odometry?.InlierShare:P1}");
        Assert.True(gated.Lost, "a gate no alignment meets loses the frame");
        Assert.True(gated.Odometry!.FailedOnlyInliers, gated.Odometry.ToString());
        Assert.NotNull(gated.LostEstimate);
        var (metres, degrees) = OdometryPairs.Error(gated.LostEstimate!.Value, truth);
        output.WriteLine($"reported pose {metres * 1000:0.00} mm, {degrees:0.000}° from the truth; the guess was 10 mm, 1° off");
        Assert.True(metres < 0.002 && degrees < 0.2, $"{metres * 1000:0.00} mm, {degrees:0.000}°");

        var tracked = Track(new OdometryOptions().MinInlierShare);
        Assert.False(tracked.Lost, tracked.LostReason);
        Assert.Null(tracked.LostEstimate);
    }
}
