using NiceSlam.Core.Geometry;
using NiceSlam.Data.Synthetic;

namespace NiceSlam.Data.Tests.Synthetic;

/// <summary>The tour through a suite of rooms: the sequence the growing map and the soak are measured on.</summary>
public class SyntheticTourTests
{
    private static readonly SyntheticSequence Tour = new(new SyntheticSequenceOptions { Width = 40, Height = 30, FrameCount = 3000, Motion = SyntheticMotion.Tour });

    [Fact]
    public void The_suite_has_its_rooms_in_a_row_joined_by_doorways_on_alternate_sides()
    {
        var suite = SyntheticScene.CreateSuite(3);
        Assert.Equal(new Vec3(-3, -2.5, 0), suite.Bounds.Min);
        Assert.Equal(new Vec3(15, 2.5, 2.7), suite.Bounds.Max);
        Assert.Equal(3, Tour.Rooms.Count);
        Assert.Equal(new Vec3(3, -2.5, 0), Tour.Rooms[1].Min);
        Assert.Equal("synthetic-tour", Tour.Name);
        // A ray along each partition's doorway passes; the same ray on the other side hits the partition.
        for (int i = 0; i < 2; i++)
        {
            double x = 3 + 6 * i, door = SyntheticScene.DoorCentreY(i);
            Assert.Equal(i == 0 ? 0.9 : -0.9, door);
            Assert.Equal(double.PositiveInfinity, DistanceAlongX(suite, x - 0.5, door, 1.2, x + 0.5));
            Assert.InRange(DistanceAlongX(suite, x - 0.5, -door, 1.2, x + 0.5), 0.44, 0.46);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticScene.CreateSuite(0));
    }

    /// <summary>Distance from (x0, y, z) along +x to the first surface before <paramref name="until"/> (none: infinity).</summary>
    private static double DistanceAlongX(SyntheticScene scene, double x0, double y, double z, double until)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var hits = scene.RayCast(TorchSharp.torch.tensor(new[] { x0, y, z }).reshape(1, 3), TorchSharp.torch.tensor(new[] { 1.0, 0, 0 }).reshape(1, 3));
        double d = hits.Distance.item<double>();
        return hits.PrimitiveId.item<long>() >= 0 && x0 + d < until ? d : double.PositiveInfinity;
    }

    [Fact]
    public void The_tour_walks_through_every_room_and_back_through_the_doorways_at_a_walking_pace()
    {
        var trajectory = Tour.Trajectory;
        var visited = new HashSet<int>();
        RigidTransform? previous = null;
        double maxStep = 0, maxTurn = 0;
        for (int i = 0; i < trajectory.FrameCount; i++)
        {
            var pose = trajectory.PoseOf(i);
            var eye = new Vec3(pose.Tx, pose.Ty, pose.Tz);
            Assert.True(SyntheticScene.SuiteBounds(3).Contains(eye, 0.8), $"frame {i} at {eye} is near a wall");
            int room = (int)Math.Floor((eye.X + 3) / 6);
            visited.Add(room);
            // Near a partition the camera is inside its doorway (with 20 cm to spare each side).
            foreach (int p in new[] { 0, 1 })
                if (Math.Abs(eye.X - (3 + 6 * p)) < 0.1)
                    Assert.InRange(eye.Y, SyntheticScene.DoorCentreY(p) - 0.4, SyntheticScene.DoorCentreY(p) + 0.4);
            if (previous is { } last)
            {
                var step = last.Inverse() * pose;
                maxStep = Math.Max(maxStep, step.TranslationNorm());
                maxTurn = Math.Max(maxTurn, step.RotationAngle() * 180 / Math.PI);
            }
            previous = pose;
        }
        Assert.Equal([0, 1, 2], visited.Order());
        Assert.InRange(maxStep * 30, 0.3, SyntheticTrajectory.TourSpeed * 1.2);     // walking pace, m/s (0.6 along x, weaving adds a little)
        Assert.InRange(maxTurn * 30, 20, 65);                                         // degrees a second
        // It comes back: the camera is in the first room again before the end.
        var lastPose = trajectory.PoseOf(2400);
        Assert.True(lastPose.Tx < 3, $"frame 2400 at x = {lastPose.Tx}");
    }

    [Fact]
    public void The_first_view_is_of_the_first_room_only()
    {
        var frame = Tour.ReadFrame(0);
        var pose = Tour.PoseOf(0);
        var k = Tour.Intrinsics;
        int far = 0, valid = 0;
        for (int v = 0; v < k.Height; v++)
            for (int u = 0; u < k.Width; u++)
            {
                float z = frame.Depth[v * k.Width + u];
                if (!(z > 0)) continue;
                valid++;
                double x = (u - k.Cx) / k.Fx * z, y = (v - k.Cy) / k.Fy * z;
                var r = pose.RotationRowMajor();
                double worldX = r[0] * x + r[1] * y + r[2] * z + pose.Tx;
                if (worldX > 3.05) far++;
            }
        Assert.Equal(k.Width * k.Height, valid);
        Assert.Equal(0, far);
    }
}
