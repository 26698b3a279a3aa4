using NiceSlam.Core.Geometry;
using NiceSlam.Data.Synthetic;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.VisualizationMsgs;
using NiceSlam.Node.Conversions;
using NiceSlam.Node.Sources;

namespace NiceSlam.Node.Tests.Host;

[Trait("Category", "Slow")]
[Collection(HostCollection.Name)]
public class NodeEndToEndTests
{
    [Fact]
    public async Task A_synthetic_sequence_through_the_loopback_bus_gives_accurate_tf_path_cloud_occupancy_and_status()
    {
        const int frames = 10;
        var synthetic = new SyntheticSequence(new SyntheticSequenceOptions { Width = 80, Height = 60, FrameCount = frames });
        var room = synthetic.MapBounds;
        var source = new DatasetSource(synthetic, frames, TopicNames.From(new NodeOptions()));
        using var node = NodeHarness.Create(source,
        [
            "width=0", "height=0", "queue_full_policy=block", "playback_rate=0", "status_period=0.2",
            $"bounds={room.MinX},{room.MinY},{room.MinZ},{room.MaxX},{room.MaxY},{room.MaxZ}",
            // Map outputs only once, when the node stops (their periods are longer than the run).
            "cloud_period=600", "occupancy_period=600", "mesh_period=600", "cloud_voxel=0.1",
            "occupancy_resolution=0.1", "occupancy_min_height=0.2", "occupancy_max_height=1.5",
        ], NodeHarness.TinyEngine);
        await node.RunToEndAsync(TimeSpan.FromMinutes(5));

        // tf: one map -> camera optical frame transform per frame, stamped with the frame's time.
        Assert.Equal(frames, node.Tf.Count);
        for (int i = 0; i < frames; i++)
        {
            var t = Assert.Single(node.Tf[i].Transforms);
            Assert.Equal("map", t.Header.FrameId);
            Assert.Equal("camera_color_optical_frame", t.ChildFrameId);
            Assert.Equal(Time.FromSeconds(synthetic.TimestampOf(i)), t.Header.Stamp);
        }
        // The map was anchored to ground truth (the synthetic world, z up): map = world, and the published poses
        // match the true ones within the engine's accuracy on this sequence (ATE < 3 cm, as the CLI run).
        Assert.True(node.Engine.System.Trajectory.AnchoredToGroundTruth);
        var errors = node.Tf.Select((m, i) =>
        {
            var pose = TransformConversions.ToRigidTransform(m.Transforms[0].Transform);
            var truth = synthetic.PoseOf(i);
            return Math.Sqrt(Math.Pow(pose.Tx - truth.Tx, 2) + Math.Pow(pose.Ty - truth.Ty, 2) + Math.Pow(pose.Tz - truth.Tz, 2));
        }).ToArray();
        double rmse = Math.Sqrt(errors.Average(e => e * e));
        Assert.True(rmse < 0.03, $"pose RMSE {rmse * 100:0.00} cm (max {errors.Max() * 100:0.00} cm)");

        // Path: every pose, in the map frame; odometry: one per frame, child = the camera frame.
        var path = node.Paths[^1];
        Assert.Equal("map", path.Header.FrameId);
        Assert.Equal(frames, path.Poses.Length);
        Assert.Equal(frames, node.Odometry.Count);
        Assert.All(node.Odometry, o => Assert.Equal("camera_color_optical_frame", o.ChildFrameId));

        // Point cloud: xyz + rgb float32 at 0/4/8/12, 16-byte points, inside the room.
        var cloud = Assert.Single(node.Clouds);
        Assert.Equal("map", cloud.Header.FrameId);
        Assert.Equal(["x", "y", "z", "rgb"], cloud.Fields.Select(f => f.Name));
        Assert.Equal([0u, 4u, 8u, 12u], cloud.Fields.Select(f => f.Offset));
        Assert.All(cloud.Fields, f => Assert.Equal(PointField.Float32, f.Datatype));
        Assert.Equal(16u, cloud.PointStep);
        Assert.Equal(1u, cloud.Height);
        Assert.True(cloud.Width > 100, $"only {cloud.Width} points");
        Assert.Equal(cloud.Width * 16, (uint)cloud.Data.Length);
        var xyz = Enumerable.Range(0, (int)cloud.Width).Select(i => (
            X: BitConverter.ToSingle(cloud.Data, i * 16), Y: BitConverter.ToSingle(cloud.Data, i * 16 + 4), Z: BitConverter.ToSingle(cloud.Data, i * 16 + 8))).ToList();
        // (The map's lattice is rounded up to whole voxels past the bounds: allow one mesh voxel, 0.08 m.)
        var reach = room.Expanded(0.08);
        Assert.All(xyz, p => Assert.True(reach.Contains(p.X, p.Y, p.Z), $"cloud point {p} outside the room"));

        // Occupancy grid: the map frame, row-major cells, walls/objects occupied and the seen floor area free.
        var grid = Assert.Single(node.Grids);
        Assert.Equal("map", grid.Header.FrameId);
        Assert.Equal(0.1f, grid.Info.Resolution, 5);
        Assert.Equal((int)(grid.Info.Width * grid.Info.Height), grid.Data.Length);
        Assert.Equal(0.2, grid.Info.Origin.Position.Z, 6);
        Assert.Contains((sbyte)100, grid.Data);
        Assert.Contains((sbyte)0, grid.Data);
        Assert.All(grid.Data, c => Assert.True(c is -1 or 0 or 100));

        var mesh = Assert.Single(node.Meshes);
        Assert.Equal(Marker.TypeTriangleList, mesh.Type);
        Assert.True(mesh.Points.Length > 0 && mesh.Points.Length % 3 == 0);

        // Status: everything tracked, nothing dropped or rejected; a status line was logged.
        var status = node.Statuses[^1];
        Assert.Equal((ulong)frames, status.FramesTracked);
        Assert.Equal((ulong)frames, status.FramesReceived);
        Assert.Equal(0ul, status.FramesDropped);
        Assert.Equal(0ul, status.FramesRejected);
        Assert.Equal(SlamStatus.StateTracking, status.State);
        Assert.Contains(node.Logs.All, l => l.Text.StartsWith("final status: tracking", StringComparison.Ordinal));
        // The default front end (odometry) reports its own measures; no rendering loss, and no NaN anywhere.
        Assert.InRange(status.OdometryInlierShare, 0.5f, 1f);
        Assert.True(status.OdometryDepthResidualMm > 0, $"depth residual {status.OdometryDepthResidualMm} mm");
        Assert.Equal(0f, status.TrackingLoss);
        Assert.DoesNotContain(node.Logs.All, l => l.Text.Contains("NaN", StringComparison.Ordinal));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public class HostCollection
{
    public const string Name = "hosted node (one at a time: each uses every core)";
}
