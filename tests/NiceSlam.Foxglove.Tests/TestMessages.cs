using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;
using NiceSlam.Messages.VisualizationMsgs;

namespace NiceSlam.Foxglove.Tests;

/// <summary>Messages of every type the node publishes, with distinct, checkable content.</summary>
internal static class TestMessages
{
    public static Header At(double seconds, string frame = "map") => new(Time.FromSeconds(seconds), frame);

    public static TFMessage Tf(double seconds, double x, double y, double z, Quaternion rotation) => new()
    {
        Transforms = [new TransformStamped
        {
            Header = At(seconds),
            ChildFrameId = "camera_color_optical_frame",
            Transform = new Transform(new Vector3(x, y, z), rotation),
        }],
    };

    /// <summary>An xyz + rgb float32 cloud of <paramref name="points"/> points, as the node publishes it.</summary>
    public static PointCloud2 Cloud(int points, double seconds = 1)
    {
        var data = new byte[points * 16];
        for (int i = 0; i < points; i++)
        {
            BitConverter.TryWriteBytes(data.AsSpan(i * 16), i * 0.01f);
            BitConverter.TryWriteBytes(data.AsSpan(i * 16 + 4), -i * 0.02f);
            BitConverter.TryWriteBytes(data.AsSpan(i * 16 + 8), 1.5f);
        }
        return new PointCloud2
        {
            Header = At(seconds),
            Height = 1,
            Width = (uint)points,
            Fields = [new("x", 0, PointField.Float32, 1), new("y", 4, PointField.Float32, 1), new("z", 8, PointField.Float32, 1), new("rgb", 12, PointField.Float32, 1)],
            PointStep = 16,
            RowStep = (uint)(points * 16),
            Data = data,
            IsDense = true,
        };
    }

    public static Messages.NavMsgs.Path Path(int poses, double seconds = 1) => new()
    {
        Header = At(seconds),
        Poses = [.. Enumerable.Range(0, poses).Select(i => new PoseStamped
        {
            Header = At(seconds),
            Pose = new Pose(new Point(i, 2 * i, 0.5), Quaternion.Identity),
        })],
    };

    public static Odometry Odometry(double seconds, double x) => new()
    {
        Header = At(seconds),
        ChildFrameId = "camera_color_optical_frame",
        Pose = new PoseWithCovariance { Pose = new Pose(new Point(x, 0, 0), Quaternion.Identity) },
    };

    public static OccupancyGrid Grid(uint width, uint height) => new()
    {
        Header = At(1),
        Info = new MapMetaData { Resolution = 0.05f, Width = width, Height = height, Origin = Pose.Identity },
        Data = [.. Enumerable.Range(0, (int)(width * height)).Select(i => (sbyte)(i % 3 == 0 ? 100 : i % 3 == 1 ? 0 : -1))],
    };

    public static Marker Mesh(int triangles) => new()
    {
        Header = At(1),
        Ns = "mesh",
        Type = Marker.TypeTriangleList,
        Points = [.. Enumerable.Range(0, triangles * 3).Select(i => new Point(i, i % 2, i % 3))],
        Colors = [.. Enumerable.Range(0, triangles * 3).Select(_ => new ColorRGBA(0.5f, 0.5f, 0.5f, 1))],
    };

    public static SlamStatus Status(ulong tracked) => new() { Header = At(1), FramesTracked = tracked, Device = "cpu" };

    public static Image Colour(double seconds) => new()
    {
        Header = At(seconds, "camera_color_optical_frame"),
        Width = 4,
        Height = 3,
        Encoding = "rgb8",
        Step = 12,
        Data = [.. Enumerable.Range(0, 36).Select(i => (byte)i)],
    };
}
