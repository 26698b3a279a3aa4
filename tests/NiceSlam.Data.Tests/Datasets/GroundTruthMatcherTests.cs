using NiceSlam.Core.Geometry;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Data.Tests.Datasets;

public class GroundTruthMatcherTests
{
    private static readonly Trajectory Ground = new(
    [
        new StampedPose(1.00, RigidTransform.FromAxisAngle(0, 0, 1, 0.0, 0, 0, 0)),
        new StampedPose(1.01, RigidTransform.FromAxisAngle(0, 0, 1, 0.2, 1, 0, 0)),
        new StampedPose(1.02, RigidTransform.FromAxisAngle(0, 0, 1, 0.4, 2, 0, 0)),
        new StampedPose(1.50, RigidTransform.FromAxisAngle(0, 0, 1, 0.6, 3, 0, 0)), // after a gap
    ]);

    [Fact]
    public void Nearest_within_the_maximum_else_null()
    {
        var m = new GroundTruthMatcher(Ground, 0.02);
        Assert.Equal(1, m.Nearest(1.0112)!.Value.Tx, 12);
        Assert.Equal(2, m.Nearest(1.039)!.Value.Tx, 12);
        Assert.Null(m.Nearest(1.2));
        Assert.Null(m.Nearest(0.9));
        Assert.Equal(0.0012, m.NearestDifference(1.0112), 9);
    }

    [Fact]
    public void Interpolated_between_bracketing_poses()
    {
        var m = new GroundTruthMatcher(Ground, 0.02);
        var p = m.Interpolated(1.0125)!.Value;
        Assert.Equal(1.25, p.Tx, 9);
        Assert.Equal(0.25, p.RotationAngle(), 9);
        Assert.Equal(2, m.Interpolated(1.02)!.Value.Tx, 12);            // exact stamp
        Assert.Equal(3, m.Match(1.50, GroundTruthMatching.Interpolated)!.Value.Tx, 12);
    }

    [Fact]
    public void Interpolation_never_bridges_gaps_or_extrapolates()
    {
        var m = new GroundTruthMatcher(Ground, 0.02);
        Assert.Null(m.Interpolated(1.03));   // next pose 0.47 s away
        Assert.Null(m.Interpolated(0.999));  // before the first
        Assert.Null(m.Interpolated(1.6));    // after the last
    }

    [Fact]
    public void Unsorted_ground_truth_is_sorted()
    {
        var m = new GroundTruthMatcher(new Trajectory(Ground.Reverse()));
        Assert.Equal(1.5, m.Interpolated(1.015)!.Value.Tx, 9);
        Assert.Throws<ArgumentException>(() => m.Match(1.0, GroundTruthMatching.ByOrder));
    }
}
