using NiceSlam.Bags;
using NiceSlam.Core.Slam;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;
using NiceSlam.Node.Conversions;

namespace NiceSlam.Node.Outputs;

/// <summary>
/// An offline run's trajectory as the node would have published it, written to an MCAP bag: /tf (map → camera
/// optical frame) and odometry for every pose, and the final path. Poses are in the map frame and at full
/// precision, so two runs can be compared bit for bit from their bags.
/// </summary>
public static class TrajectoryBag
{
    public static void Write(string folder, IReadOnlyList<PoseEstimate> trajectory, bool anchoredToGroundTruth, NodeOptions options,
        string cameraFrame = "camera_color_optical_frame")
    {
        var mapFromWorld = MapFrameConvention.MapFromWorldOf(anchoredToGroundTruth);
        using var writer = new MessageBagWriter(BagFolder.Create(folder, BagStorage.Mcap));
        string odometryTopic = options.Topic("odometry"), pathTopic = options.Topic("path");
        writer.Declare("/tf", typeof(TFMessage));
        writer.Declare(odometryTopic, typeof(Odometry));
        writer.Declare(pathTopic, typeof(NiceSlam.Messages.NavMsgs.Path));
        var odometry = new OdometryBuilder(options.MapFrame, cameraFrame);
        foreach (var pose in trajectory)
        {
            var stamp = Time.FromSeconds(pose.Timestamp);
            var inMap = mapFromWorld * pose.Pose;
            var tf = new TFMessage { Transforms = [TransformConversions.CameraTransform(inMap, stamp, options.MapFrame, cameraFrame)] };
            writer.Write("/tf", stamp, tf);
            writer.Write(odometryTopic, stamp, odometry.Next(inMap, stamp));
        }
        if (trajectory.Count == 0) return;
        var path = new PathBuilder(options.MapFrame) { MapFromWorld = mapFromWorld };
        path.Update(trajectory);
        var message = path.Build();
        writer.Write(pathTopic, message.Header.Stamp, message);
    }
}
