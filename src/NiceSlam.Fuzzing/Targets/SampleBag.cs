using NiceSlam.Bags;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;
using Path = System.IO.Path;

namespace NiceSlam.Fuzzing.Targets;

/// <summary>A small bag as seeds for the bag targets: CameraInfo, TFMessage and Odometry messages on three topics
/// at 10 Hz, written through the library's own writers.</summary>
internal static class SampleBag
{
    public const int Messages = 12;

    public static void Write(IBagWriter bag)
    {
        using var writer = new MessageBagWriter(bag);
        for (int i = 0; i < Messages; i++)
        {
            var stamp = new Time(1_700_000_000 + i / 10, (uint)(i % 10 * 100_000_000));
            var header = new Header(stamp, "camera_color_optical_frame");
            object message = (i % 3) switch
            {
                0 => new CameraInfo
                {
                    Header = header, Width = 64, Height = 48, DistortionModel = "plumb_bob", D = [0, 0, 0, 0, 0],
                    K = [50, 0, 32, 0, 50, 24, 0, 0, 1], R = [1, 0, 0, 0, 1, 0, 0, 0, 1], P = [50, 0, 32, 0, 0, 50, 24, 0, 0, 0, 1, 0],
                },
                1 => new TFMessage
                {
                    Transforms = [new TransformStamped { Header = header with { FrameId = "map" }, ChildFrameId = "camera", Transform = new Transform(new Vector3(i, 0, 0), Quaternion.Identity) }],
                },
                _ => new Odometry { Header = header with { FrameId = "map" }, ChildFrameId = "camera", Pose = new PoseWithCovariance { Pose = new Pose(new Point(i, 1, 2), Quaternion.Identity) } },
            };
            string topic = (i % 3) switch { 0 => "/camera/camera/color/camera_info", 1 => "/tf", _ => "/nice_slam/odometry" };
            writer.Write(topic, stamp, message);
        }
    }

    /// <summary>The bytes of the bag's one storage file, written in a fresh folder under <paramref name="root"/>.</summary>
    public static byte[] Bytes(string root, string name, Func<string, IBagWriter> create)
    {
        string folder = Path.Combine(root, name);
        Write(create(folder));
        string file = Directory.EnumerateFiles(folder).Single(f => !f.EndsWith(BagMetadataFile.FileName, StringComparison.Ordinal));
        return File.ReadAllBytes(file);
    }
}
