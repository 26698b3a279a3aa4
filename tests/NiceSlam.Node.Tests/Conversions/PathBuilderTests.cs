using NiceSlam.Core.Geometry;
using NiceSlam.Core.Slam;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Node.Conversions;

namespace NiceSlam.Node.Tests.Conversions;

public class PathBuilderTests
{
    [Fact]
    public void Tracked_poses_append_and_refined_poses_replace_the_path()
    {
        var path = new PathBuilder("map");
        // Camera 1 m forward of the first one (world z) is map (1, 0, 0); 1.5 s is (1 s, 500 000 000 ns).
        var trajectory = new List<PoseEstimate>
        {
            new(0, 1.0, RigidTransform.Identity),
            new(1, 1.5, new RigidTransform([1, 0, 0, 0, 1, 0, 0, 0, 1], 0, 0, 1)),
        };
        Assert.Equal(PathChange.Appended, path.Update(trajectory));
        var msg = path.Build();
        Assert.Equal("map", msg.Header.FrameId);
        Assert.Equal(new Time(1, 500_000_000), msg.Header.Stamp);
        Assert.Equal(2, msg.Poses.Length);
        Assert.Equal(new Time(1, 0), msg.Poses[0].Header.Stamp);
        Assert.Equal(1, msg.Poses[1].Pose.Position.X, 12);
        Assert.Equal(0, msg.Poses[1].Pose.Position.Z, 12);
        // The optical frame orientation in map: (-0.5, 0.5, -0.5, 0.5) for the unrotated camera.
        Assert.Equal(-0.5, msg.Poses[0].Pose.Orientation.X, 12);

        Assert.Equal(PathChange.None, path.Update(trajectory));
        trajectory.Add(new(2, 2.0, new RigidTransform([1, 0, 0, 0, 1, 0, 0, 0, 1], 0, 0, 2)));
        Assert.Equal(PathChange.Appended, path.Update(trajectory));
        Assert.Equal(3, path.Count);
        Assert.Equal(2, path.Build().Poses[2].Pose.Position.X, 12);

        // Bundle adjustment moved the second pose 1 m right (world x), which is map -y.
        trajectory[1] = trajectory[1] with { Pose = new RigidTransform([1, 0, 0, 0, 1, 0, 0, 0, 1], 1, 0, 1) };
        Assert.Equal(PathChange.Replaced, path.Update(trajectory));
        var refined = path.Build();
        Assert.Equal(3, refined.Poses.Length);
        Assert.Equal(-1, refined.Poses[1].Pose.Position.Y, 12);

        Assert.Equal(PathChange.Replaced, path.Update([]));
        Assert.Empty(path.Build().Poses);
    }
}
