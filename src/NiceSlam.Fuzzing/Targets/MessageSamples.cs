using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;
using NiceSlam.Messages.VisualizationMsgs;
using Path = NiceSlam.Messages.NavMsgs.Path;

namespace NiceSlam.Fuzzing.Targets;

/// <summary>One message of every type the CDR layer supports, with non-empty strings and sequences, as fuzzing
/// seeds (the byte-exact vectors live in the message tests).</summary>
internal static class MessageSamples
{
    private static readonly Header Hdr = new(new Time(1_700_000_000, 5), "camera_color_optical_frame");
    private static readonly Pose SomePose = new(new Point(1.5, -2.25, 0.5), new Quaternion(0.1, -0.2, 0.3, 0.927));

    private static double[] Ramp(int n) => [.. Enumerable.Range(0, n).Select(i => i * 0.5 - 1)];

    public static IReadOnlyList<object> All() =>
    [
        new Time(1_700_000_000, 123_456_789),
        new Duration(-5, 42),
        Hdr,
        new ColorRGBA(0.1f, 0.2f, 0.3f, 0.4f),
        new Vector3(1, -2, 3),
        new Point(-1, 2, -3),
        new Quaternion(0.5, 0.5, -0.5, 0.5),
        SomePose,
        new Transform(new Vector3(4, 5, 6), new Quaternion(0, 1, 0, 0)),
        new Twist(new Vector3(0.1, 0.2, 0.3), new Vector3(-0.1, -0.2, -0.3)),
        new TransformStamped { Header = Hdr, ChildFrameId = "cam", Transform = new Transform(new Vector3(1, 2, 3), new Quaternion(0, 0, 1, 0)) },
        new PoseStamped { Header = Hdr, Pose = SomePose },
        new PoseWithCovariance { Pose = SomePose, Covariance = Ramp(36) },
        new TwistWithCovariance { Twist = new Twist(new Vector3(1, 0, 0), new Vector3(0, 0, 1)), Covariance = Ramp(36) },
        new Image { Header = Hdr, Height = 2, Width = 3, Encoding = "rgb8", Step = 9, Data = [.. Enumerable.Range(0, 18).Select(i => (byte)i)] },
        new Image { Header = Hdr, Height = 2, Width = 2, Encoding = "16UC1", Step = 4, Data = [1, 2, 3, 4, 5, 6, 7, 8] },
        new CompressedImage { Header = Hdr, Format = "png", Data = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
        new CameraInfo
        {
            Header = Hdr, Height = 480, Width = 640, DistortionModel = "plumb_bob", D = Ramp(5),
            K = [600, 0, 320, 0, 600, 240, 0, 0, 1], R = [1, 0, 0, 0, 1, 0, 0, 0, 1], P = [600, 0, 320, 0, 0, 600, 240, 0, 0, 0, 1, 0],
            Roi = new RegionOfInterest(1, 2, 3, 4, true),
        },
        new RegionOfInterest(10, 20, 300, 400, true),
        new PointField("intensity", 12, PointField.Float32, 1),
        new PointCloud2
        {
            Header = Hdr, Height = 1, Width = 2,
            Fields = [new PointField("x", 0, PointField.Float32, 1), new PointField("rgb", 4, PointField.UInt32, 1)],
            PointStep = 8, RowStep = 16, Data = [.. Enumerable.Range(0, 16).Select(i => (byte)i)], IsDense = true,
        },
        new Path
        {
            Header = Hdr,
            Poses = [new PoseStamped { Header = new Header(new Time(1, 1), "map"), Pose = SomePose }, new PoseStamped { Header = Hdr, Pose = Pose.Identity }],
        },
        new Odometry
        {
            Header = Hdr, ChildFrameId = "base_link",
            Pose = new PoseWithCovariance { Pose = SomePose, Covariance = Ramp(36) },
            Twist = new TwistWithCovariance { Twist = new Twist(new Vector3(1, 2, 3), new Vector3(4, 5, 6)), Covariance = Ramp(36) },
        },
        new MapMetaData { MapLoadTime = new Time(10, 11), Resolution = 0.05f, Width = 2, Height = 2, Origin = SomePose },
        new OccupancyGrid
        {
            Header = Hdr, Info = new MapMetaData { MapLoadTime = new Time(1, 2), Resolution = 0.1f, Width = 2, Height = 2, Origin = SomePose },
            Data = [-1, 0, 50, 100],
        },
        new TFMessage
        {
            Transforms =
            [
                new TransformStamped { Header = Hdr, ChildFrameId = "a", Transform = Transform.Identity },
                new TransformStamped { Header = new Header(new Time(2, 3), "odom"), ChildFrameId = "bc", Transform = new Transform(new Vector3(1, 1, 1), new Quaternion(0, 0, 0.6, 0.8)) },
            ],
        },
        new Marker
        {
            Header = Hdr, Ns = "mesh", Id = 1, Type = Marker.TypeTriangleList, Pose = SomePose,
            Scale = new Vector3(1, 1, 1), Color = new ColorRGBA(0.5f, 0.25f, 0.125f, 1f), Lifetime = new Duration(3, 4),
            Points = [new Point(1, 2, 3), new Point(4, 5, 6), new Point(7, 8, 9)],
            Colors = [new ColorRGBA(1, 0, 0, 1), new ColorRGBA(0, 1, 0, 1), new ColorRGBA(0, 0, 1, 1)],
            Text = "mesh", MeshResource = "",
        },
        new SlamStatus
        {
            Header = Hdr, State = SlamStatus.StateTracking, FramesReceived = 20, FramesTracked = 17, FramesDropped = 3,
            FramesRejected = 2, Keyframes = 5, TrackingMs = 12.5f, MappingMs = 80f, TrackingLoss = 0.01f, Device = "cpu",
            LatencyMedianMs = 40f, LatencyP95Ms = 90f, MappingLagS = 1.5f, MappingSuperseded = 4,
        },
    ];
}
