using System.Runtime.InteropServices;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;

namespace NiceSlam.Core.Tests.Slam;

/// <summary>A libtorch failure inside one frame's tracking step costs that frame, not the node.</summary>
public class TrackingSideTests
{
    private static readonly RigidTransform Initial = RigidTransform.FromQuaternion(0, 0, 0, 1, 0.1, 0.2, 0.3);

    [Fact]
    public void A_libtorch_failure_in_the_tracking_step_loses_the_frame_with_the_errors_first_line_as_reason()
    {
        // What the TUM run hit: libtorch's assertion, then its stack trace on the following lines.
        var result = TrackingSide.LostOnLibTorchFailure(() => throw new ExternalException(
            "false INTERNAL ASSERT FAILED at \"/pytorch/c10/core/Scalar.h\":279, please report a bug to PyTorch. \nException raised from equal\nframe #0: c10::Error::Error"), Initial);
        Assert.True(result.Lost && result.LibTorchFailed);
        Assert.Equal(Initial, result.Pose);
        Assert.Equal("libtorch failed in the tracking step: false INTERNAL ASSERT FAILED at \"/pytorch/c10/core/Scalar.h\":279, please report a bug to PyTorch.", result.LostReason);
    }

    [Fact]
    public void A_successful_step_is_returned_as_it_is()
    {
        var tracked = new TrackingResult(RigidTransform.FromQuaternion(0, 0, 0, 1, 1, 0, 0), 1, 0.5, 3, 10, 0.9);
        Assert.Same(tracked, TrackingSide.LostOnLibTorchFailure(() => tracked, Initial));
        Assert.False(tracked.LibTorchFailed);
    }

    [Fact]
    public void Any_other_exception_is_a_bug_and_propagates()
    {
        Assert.Throws<InvalidOperationException>(() => TrackingSide.LostOnLibTorchFailure(() => throw new InvalidOperationException("a bug"), Initial));
    }
}
