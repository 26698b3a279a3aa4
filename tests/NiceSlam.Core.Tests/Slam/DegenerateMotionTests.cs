using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;
using NiceSlam.Core.Tests.Tracking;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Slam;

/// <summary>
/// A camera sliding along a striped wall (the stripes vertical, the camera moving down them and sideways): the
/// sideways motion is measured, the motion along the stripes is not. The unmeasured part must not run away: the
/// odometry keeps it exactly at the constant-velocity prediction (whatever its coarser levels did), so along the
/// stripes the camera keeps the velocity it was last measured at, and no velocity feeds on itself.
/// </summary>
public class DegenerateMotionTests(ITestOutputHelper output)
{
    private static readonly RigidTransform FacingTheWall = OdometryPairs.FacingTheWall;

    private static RgbdFrame StripedWall(int index, RigidTransform cameraToWorld, CameraIntrinsics k) => OdometryPairs.StripedWall(index, cameraToWorld, k);

    [Trait("Category", "Slow")]
    [Fact]
    public void Motion_along_a_wall_s_stripes_is_not_extrapolated_into_a_runaway()
    {
        var k = new CameraIntrinsics(80, 60, 63, 63, 39.5, 29.5);
        var options = SlamPresets.Cpu();
        options.Tracking.FrontEnd = TrackingFrontEnd.Odometry;
        options.Map.Bounds = new Bounds3(-2, -1, -2, 2, 2.5, 2);
        options.Mapping.FirstFrameIterations = 5;
        using var system = new SlamSystem(options, new NiceDecoders(new Generator(1)));
        const int frames = 12;
        const double sideways = 0.01, down = 0.02;                  // metres a frame, in the camera's x and y
        double maxAhead = double.NegativeInfinity;
        for (int i = 0; i < frames; i++)
        {
            var truth = FacingTheWall * RigidTransform.FromAxisAngle(0, 0, 1, 0, sideways * i, down * i, 0);
            var step = system.Track(StripedWall(i, truth, k));
            if (step.Mapping is { } request) system.Apply(system.Map(request));
            var pose = step.Report.Pose!.Value;
            var estimate = FacingTheWall.Inverse() * pose;           // in the first camera's frame
            output.WriteLine($"frame {i}: x {estimate.Tx * 100:0.00} cm (truth {sideways * i * 100:0.00}), y {estimate.Ty * 100:0.00} cm (truth {down * i * 100:0.00}), held {step.Report.Tracking?.Odometry?.DegenerateDirections}");
            if (i == 0) continue;
            Assert.False(step.Report.Tracking!.Lost, step.Report.Tracking.LostReason);
            Assert.True(Math.Abs(estimate.Tx - sideways * i) < 0.003, $"frame {i}: sideways {estimate.Tx * 100:0.00} cm, truth {sideways * i * 100:0.00} cm");
            maxAhead = Math.Max(maxAhead, Math.Abs(estimate.Ty) - down * i);
        }
        // Along the stripes nothing is measured: the estimate may lag the truth, never run ahead of it.
        Assert.True(maxAhead < 0.005, $"the unmeasured direction ran {maxAhead * 100:0.00} cm ahead of the camera");
    }
}
