using NiceSlam.Core.Geometry;
using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;
using static TorchSharp.torch;
using Xunit.Abstractions;

namespace NiceSlam.Core.Tests.Tracking;

/// <summary>
/// A camera lost for good while it moved on, that comes back to a place it tracked long before: the last good
/// keyframe no longer overlaps, so only relocalisation against the older keyframes finds it again.
/// </summary>
[Trait("Category", "Slow")]
public class RelocalisationTests(ITestOutputHelper output)
{
    private const int Patience = 12;   // frames the returning camera stands still before the test gives up

    /// <summary>Tracks the orbit from frame 0 to 90 (90° round the room), then shows the view of frame 2 again with
    /// the engine's guess (the last good pose, held while lost): the frame at which tracking resumed (-1: never),
    /// and the pose it resumed at.</summary>
    private (int Resumed, RigidTransform Pose, int Keyframes) ReturnAfterTheOrbit(int candidates, double agreement = 0.03)
    {
        var k = OdometryPairs.Camera();
        var options = SlamPresets.Cpu();
        options.Tracking.FrontEnd = TrackingFrontEnd.Odometry;
        options.Tracking.RelocalisationCandidates = candidates;
        options.Tracking.RelocalisationAgreement = agreement;
        using var generator = new Generator(3);
        using var tracker = new Tracker(options, generator);
        using (var first = OdometryPairs.Render(OdometryPairs.PoseOnPath(0), k)) tracker.Anchor(first, OdometryPairs.PoseOnPath(0));
        var held = OdometryPairs.PoseOnPath(0);
        for (int i = 6; i <= 90; i += 6)
        {
            using var frame = OdometryPairs.Render(OdometryPairs.PoseOnPath(i), k, index: i);
            var result = tracker.Track(null, frame, OdometryPairs.PoseOnPath(i));
            Assert.False(result.Lost, $"frame {i}: {result.LostReason}");
            held = result.Pose;
        }
        int keyframes = tracker.References.Keyframes.Count;
        var back = OdometryPairs.PoseOnPath(2);
        for (int attempt = 0; attempt < Patience; attempt++)
        {
            using var frame = OdometryPairs.Render(back, k, index: 100 + attempt);
            var result = tracker.Track(null, frame, held);
            output.WriteLine($"return {attempt}: {result.Outcome} {(result.Lost ? result.LostReason : $"against keyframe {result.ReferenceFrame}")}");
            if (!result.Lost) return (attempt, result.Pose, keyframes);
        }
        return (-1, held, keyframes);
    }

    [Fact]
    public void A_camera_that_returns_to_an_earlier_place_is_relocalised_against_its_keyframes()
    {
        var (resumed, pose, keyframes) = ReturnAfterTheOrbit(candidates: 2);
        output.WriteLine($"{keyframes} keyframes; resumed at return {resumed}");
        Assert.InRange(resumed, 1, Patience - 1);           // the first return frame is lost: the last keyframe is 88° away
        var (metres, degrees) = OdometryPairs.Error(pose, OdometryPairs.PoseOnPath(2));
        Assert.True(metres < 0.01 && degrees < 0.5, $"relocalised {metres * 100:0.00} cm, {degrees:0.00}° off");
    }

    [Fact]
    public void Without_relocalisation_the_camera_stays_lost()
    {
        var (resumed, _, _) = ReturnAfterTheOrbit(candidates: 0);
        Assert.Equal(-1, resumed);
    }

    /// <summary>A relocalised pose needs a second keyframe's agreement: with an agreement no alignment can reach
    /// (a micrometre), every relocalisation is refused and the camera stays lost.</summary>
    [Fact]
    public void A_relocalisation_no_second_keyframe_confirms_is_refused()
    {
        var (resumed, _, _) = ReturnAfterTheOrbit(candidates: 2, agreement: 1e-6);
        Assert.Equal(-1, resumed);
    }
}
