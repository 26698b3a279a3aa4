using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;
using NiceSlam.Data.Synthetic;
using static TorchSharp.torch;
using Xunit.Abstractions;

namespace NiceSlam.Core.Tests.Tracking;

/// <summary>
/// A camera that goes once round the synthetic room and comes back to where it started, tracked by odometry that
/// slips once a third of the way round: that frame's alignment is made wrong by 3 cm and 2° (a blurred frame), and
/// every frame after it inherits the error through the chain of keyframes. Back at the start the camera sees the
/// first keyframes again; the pose graph over the tracking keyframes closes the loop and spreads the error back.
/// </summary>
[Trait("Category", "Slow")]
public class LoopClosureTests(ITestOutputHelper output)
{
    private const int Step = 6;              // frames of the 30 fps orbit between two tracked frames (6°)
    private const int Frames = 360 / Step + 8;   // once round (360 frames at 30 fps) and a little past the start
    private const int SlipAt = 20;
    private static readonly RigidTransform Slip = RigidTransform.FromAxisAngle(0.3, 1, 0.2, 2 * Math.PI / 180, 0.03, 0, 0.01);

    private sealed record Run(List<(RigidTransform Truth, RigidTransform Estimate)> Poses, long LoopClosures, int Corrections);

    private static Run TrackTheLoop(int graphEdges)
    {
        var options = SlamPresets.Cpu();
        options.Odometry.PoseGraphEdges = graphEdges;
        options.Odometry.LoopClosure = graphEdges > 0;
        var trueCamera = OdometryPairs.Camera();
        var scene = SyntheticScene.CreateDefault(false);
        var trajectory = new SyntheticTrajectory(Frames * Step + 1);
        FrameTensors Render(int i)
        {
            var view = scene.Render(trueCamera, trajectory.PoseOf(i * Step), 0);
            return new FrameTensors(new RgbdFrame(i, i / 5.0, view.Rgb, view.Depth, trueCamera, null), CPU);
        }
        using var generator = new Generator(5);
        using var tracker = new Tracker(options, generator);
        var poses = new List<(RigidTransform Truth, RigidTransform Estimate)>();
        var restingOn = new Dictionary<int, int>();        // frame -> keyframe it was tracked against
        using (var first = Render(0)) tracker.Anchor(first, trajectory.PoseOf(0));
        poses.Add((trajectory.PoseOf(0), trajectory.PoseOf(0)));
        restingOn[0] = 0;
        long loops = 0;
        int corrections = 0;
        for (int i = 1; i < Frames; i++)
        {
            using var frame = Render(i);
            var guess = Tracker.Predict(i >= 2 ? poses[i - 2].Estimate : null, poses[i - 1].Estimate, constantVelocity: true);
            tracker.InjectedBias = i == SlipAt ? Slip : RigidTransform.Identity;
            var result = tracker.Track(null, frame, guess);
            Assert.False(result.Lost, $"frame {i}: {result.LostReason}");
            // The trajectory follows its keyframes, as the engine's tracking side does.
            foreach (var c in result.Corrections)
                foreach (var (f, k) in restingOn.Where(p => p.Value == c.FrameIndex))
                    poses[f] = (poses[f].Truth, Se3.Orthonormalised(c.World * poses[f].Estimate));
            corrections += result.Corrections.Count;
            loops += result.LoopClosures;
            restingOn[i] = result.Keyframe ? i : result.ReferenceFrame;
            poses.Add((trajectory.PoseOf(i * Step), result.Pose));
        }
        return new Run(poses, loops, corrections);
    }

    private static double Rmse(Run run) =>
        Math.Sqrt(run.Poses.Average(p => Math.Pow(OdometryPairs.Error(p.Estimate, p.Truth).Metres, 2)));

    [Fact]
    public void Back_at_the_start_the_pose_graph_closes_the_loop_and_removes_most_of_the_drift()
    {
        var open = TrackTheLoop(graphEdges: 0);
        var closed = TrackTheLoop(graphEdges: 2);
        double openEnd = OdometryPairs.Error(open.Poses[^1].Estimate, open.Poses[^1].Truth).Metres;
        double closedEnd = OdometryPairs.Error(closed.Poses[^1].Estimate, closed.Poses[^1].Truth).Metres;
        var openWorst = open.Poses.Max(p => OdometryPairs.Error(p.Estimate, p.Truth).Metres);
        var closedWorst = closed.Poses.Max(p => OdometryPairs.Error(p.Estimate, p.Truth).Metres);
        output.WriteLine($"without the graph: RMSE {Rmse(open) * 100:0.00} cm, worst {openWorst * 100:0.00} cm, last frame {openEnd * 100:0.00} cm");
        output.WriteLine($"with the graph: RMSE {Rmse(closed) * 100:0.00} cm, worst {closedWorst * 100:0.00} cm, last frame {closedEnd * 100:0.00} cm; {closed.LoopClosures} loop edges, {closed.Corrections} keyframe moves");
        Assert.Equal(0, open.LoopClosures);
        Assert.True(closed.LoopClosures >= 1, "no loop closed");
        Assert.True(Rmse(open) > 0.02, $"the injected error made only {Rmse(open) * 100:0.00} cm of drift: the test tests nothing");
        Assert.True(Rmse(closed) < Rmse(open) / 2, $"RMSE {Rmse(closed) * 100:0.00} cm with the graph against {Rmse(open) * 100:0.00} cm without");
        Assert.True(closedWorst < openWorst / 2, $"worst {closedWorst * 100:0.00} cm with the graph against {openWorst * 100:0.00} cm without");
    }
}
