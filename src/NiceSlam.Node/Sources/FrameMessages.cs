using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Node.Conversions;

namespace NiceSlam.Node.Sources;

/// <summary>
/// An <see cref="RgbdFrame"/> as the messages a RealSense driver would publish for it: colour rgb8, depth 32FC1
/// (metres, little-endian; 0 = no depth), CameraInfo (plumb_bob), all stamped with the frame's time in one optical
/// frame; and its ground-truth pose (camera optical frame in the recording's world) as nav_msgs/Odometry.
/// </summary>
public static class FrameMessages
{
    public static Image Colour(RgbdFrame frame, Header header) => new()
    {
        Header = header,
        Width = (uint)frame.Width,
        Height = (uint)frame.Height,
        Encoding = "rgb8",
        Step = (uint)frame.Width * 3,
        Data = (byte[])frame.Rgb.Clone(),
    };

    public static Image Depth(RgbdFrame frame, Header header)
    {
        var data = new byte[frame.Depth.Length * 4];
        // 32FC1 little-endian: the in-memory float layout on every platform .NET runs ROS on.
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts are not supported");
        Buffer.BlockCopy(frame.Depth, 0, data, 0, data.Length);
        return new Image
        {
            Header = header,
            Width = (uint)frame.Width,
            Height = (uint)frame.Height,
            Encoding = "32FC1",
            Step = (uint)frame.Width * 4,
            Data = data,
        };
    }

    public static CameraInfo Info(CameraIntrinsics k, Header header) => new()
    {
        Header = header,
        Width = (uint)k.Width,
        Height = (uint)k.Height,
        DistortionModel = "plumb_bob",
        D = k.Distortion.Count > 0 ? [.. k.Distortion] : [0, 0, 0, 0, 0],
        K = [k.Fx, 0, k.Cx, 0, k.Fy, k.Cy, 0, 0, 1],
        R = [1, 0, 0, 0, 1, 0, 0, 0, 1],
        P = [k.Fx, 0, k.Cx, 0, 0, k.Fy, k.Cy, 0, 0, 0, 1, 0],
    };

    public static Odometry GroundTruth(RigidTransform cameraToWorld, Time stamp, string worldFrame, string cameraFrame) => new()
    {
        Header = new Header(stamp, worldFrame),
        ChildFrameId = cameraFrame,
        Pose = new PoseWithCovariance { Pose = TransformConversions.ToPose(cameraToWorld) },
    };
}
