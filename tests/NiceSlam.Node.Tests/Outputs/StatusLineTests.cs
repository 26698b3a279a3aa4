using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Node.Outputs;

namespace NiceSlam.Node.Tests.Outputs;

/// <summary>The status line says what the last frame's front end measured, and nothing it did not.</summary>
public class StatusLineTests
{
    private static readonly SlamStatus Tracking = new() { State = SlamStatus.StateTracking, FramesTracked = 3 };

    [Fact]
    public void The_odometry_front_end_reports_its_inlier_share_and_depth_residual()
    {
        string line = StatusPublisher.Describe(Tracking with { OdometryInlierShare = 0.874f, OdometryDepthResidualMm = 3.14f });
        Assert.Contains(" inliers=87% depth_residual=3.1 mm ", line);
        Assert.DoesNotContain("loss=", line);
    }

    [Fact]
    public void A_rendering_front_end_reports_its_loss()
    {
        string line = StatusPublisher.Describe(Tracking with { TrackingLoss = 0.0123f });
        Assert.Contains(" loss=0.0123 ", line);
        Assert.DoesNotContain("inliers=", line);
    }

    [Fact]
    public void Before_the_first_frame_no_front_end_measure_is_shown()
    {
        string line = StatusPublisher.Describe(new SlamStatus());
        Assert.StartsWith("status: waiting ", line);
        Assert.DoesNotContain("loss=", line);
        Assert.DoesNotContain("inliers=", line);
        Assert.DoesNotContain("NaN", line);
    }
}
