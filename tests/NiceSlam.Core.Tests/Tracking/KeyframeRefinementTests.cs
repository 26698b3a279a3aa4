using NiceSlam.Core.Geometry;
using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Tracking;

/// <summary>
/// A new keyframe whose alignment to its keyframe was strained is aligned again to that keyframe and the last frame
/// together (<see cref="OdometryOptions.KeyframeLastFrameWeight"/>); a clean one is taken as it is.
/// </summary>
public class KeyframeRefinementTests(ITestOutputHelper output)
{
    /// <summary>Anchors at path frame 10, tracks 12 (the last frame) and then <paramref name="newFrame"/> from a guess
    /// 1 cm and 1° off, the sphere moving between them (a few per cent of the points disagree).</summary>
    private static (TrackingResult Last, TrackingResult New) Track(int newFrame, Action<OdometryOptions> configure)
    {
        var k = OdometryPairs.Camera();
        var options = SlamPresets.Cpu();
        configure(options.Odometry);
        using var generator = new Generator(3);
        using var tracker = new Tracker(options, generator);
        var start = OdometryPairs.PoseOnPath(10);
        using (var first = OdometryPairs.Render(start, k, moving: true, time: 0)) tracker.Anchor(first, start);
        var lastPose = OdometryPairs.PoseOnPath(12);
        TrackingResult last;
        using (var frame = OdometryPairs.Render(lastPose, k, index: 2, moving: true, time: 0.2)) last = tracker.Track(null, frame, lastPose);
        var truth = OdometryPairs.PoseOnPath(newFrame);
        using var moving = OdometryPairs.Render(truth, k, index: newFrame - 10, moving: true, time: 0.4);
        return (last, tracker.Track(null, moving, truth * RigidTransform.FromAxisAngle(0, 1, 0, Math.PI / 180, 0.01, 0, 0)));
    }

    [Fact]
    public void A_strained_new_keyframe_is_refined_against_the_last_frame_and_lands_on_the_truth()
    {
        const int newFrame = 16;
        var truth = OdometryPairs.PoseOnPath(newFrame);
        var (last, refined) = Track(newFrame, o => o.KeyframeRefinementInliers = 1);     // every keyframe short of all inliers
        output.WriteLine($"last frame: keyframe {last.Keyframe}, reference {last.ReferenceFrame}; new frame: keyframe {refined.Keyframe}, refined {refined.KeyframeRefined}, {refined.Odometry}");
        Assert.False(last.Keyframe, "the last frame must not be a keyframe itself, or there is nothing to refine against");
        Assert.True(refined.Keyframe, "the new frame must become a keyframe");
        Assert.True(refined.KeyframeRefined);
        var (metres, degrees) = OdometryPairs.Error(refined.Pose, truth);
        output.WriteLine($"refined: {metres * 1000:0.00} mm, {degrees:0.000}° from the truth");
        Assert.True(metres < 0.002 && degrees < 0.2, $"{metres * 1000:0.00} mm, {degrees:0.000}°");

        var (_, clean) = Track(newFrame, o => o.KeyframeRefinementInliers = 0);          // every alignment counts as clean
        Assert.True(clean.Keyframe);
        Assert.False(clean.KeyframeRefined);
        var (_, off) = Track(newFrame, o => o.KeyframeLastFrameWeight = 0);
        Assert.False(off.KeyframeRefined);
    }
}
