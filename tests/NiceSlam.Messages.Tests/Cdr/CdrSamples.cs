using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;
using NiceSlam.Messages.VisualizationMsgs;
using Path = NiceSlam.Messages.NavMsgs.Path;

namespace NiceSlam.Messages.Tests.Cdr;

/// <summary>One message of every supported type with non-trivial values (odd-length strings, negative numbers,
/// non-empty sequences) for round trips and truncation tests.</summary>
internal static class CdrSamples
{
    private static readonly Header Hdr = new(new Time(-3, 999_999_999), "base_link_5");
    private static readonly Pose SomePose = new(new Point(1.5, -2.25, 1e-9), new Quaternion(0.1, -0.2, 0.3, 0.927));

    private static double[] Ramp(int n, double scale) => Enumerable.Range(0, n).Select(i => (i - n / 2) * scale).ToArray();

    public static IReadOnlyList<object> All() =>
    [
        new Time(1_700_000_000, 123_456_789),
        new Duration(-5, 42),
        Hdr,
        new ColorRGBA(0.1f, 0.2f, 0.3f, 0.4f),
        new Vector3(1e300, -0.0, double.Epsilon),
        new Point(-1, 2, -3),
        new Quaternion(0.5, 0.5, -0.5, 0.5),
        SomePose,
        new Transform(new Vector3(4, 5, 6), new Quaternion(0, 1, 0, 0)),
        new Twist(new Vector3(0.1, 0.2, 0.3), new Vector3(-0.1, -0.2, -0.3)),
        new TransformStamped { Header = Hdr, ChildFrameId = "cam", Transform = new Transform(new Vector3(1, 2, 3), new Quaternion(0, 0, 1, 0)) },
        new PoseStamped { Header = Hdr, Pose = SomePose },
        new PoseWithCovariance { Pose = SomePose, Covariance = Ramp(36, 0.01) },
        new TwistWithCovariance { Twist = new Twist(new Vector3(1, 0, 0), new Vector3(0, 0, 1)), Covariance = Ramp(36, -0.5) },
        new Image { Header = Hdr, Height = 2, Width = 3, Encoding = "16UC1", IsBigEndian = 1, Step = 6, Data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
        new CompressedImage { Header = Hdr, Format = "rgb8; jpeg compressed bgr8", Data = [0xff, 0xd8, 0xff, 0xe0, 0x00] },
        new CameraInfo
        {
            Header = Hdr, Height = 480, Width = 640, DistortionModel = "rational_polynomial", D = Ramp(8, 0.001),
            K = Ramp(9, 10), R = Ramp(9, 0.1), P = Ramp(12, 3), BinningX = 2, BinningY = 3,
            Roi = new RegionOfInterest(1, 2, 3, 4, true),
        },
        new RegionOfInterest(10, 20, 300, 400, true),
        new PointField("intensity", 12, PointField.Float32, 1),
        new PointCloud2
        {
            Header = Hdr, Height = 1, Width = 2,
            Fields = [new PointField("x", 0, PointField.Float32, 1), new PointField("rgb", 4, PointField.UInt32, 1)],
            IsBigEndian = true, PointStep = 8, RowStep = 16, Data = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray(), IsDense = true,
        },
        new Path
        {
            Header = Hdr,
            Poses = [new PoseStamped { Header = new Header(new Time(1, 1), "m"), Pose = SomePose }, new PoseStamped { Header = Hdr, Pose = Pose.Identity }],
        },
        new Odometry
        {
            Header = Hdr, ChildFrameId = "odom_child",
            Pose = new PoseWithCovariance { Pose = SomePose, Covariance = Ramp(36, 1) },
            Twist = new TwistWithCovariance { Twist = new Twist(new Vector3(1, 2, 3), new Vector3(4, 5, 6)), Covariance = Ramp(36, 2) },
        },
        new MapMetaData { MapLoadTime = new Time(10, 11), Resolution = 0.025f, Width = 7, Height = 9, Origin = SomePose },
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
            Header = Hdr, Ns = "trajectory", Id = -4, Type = Marker.TypeTriangleList, Action = Marker.ActionDelete, Pose = SomePose,
            Scale = new Vector3(0.1, 0.2, 0.3), Color = new ColorRGBA(0.5f, 0.25f, 0.125f, 1f), Lifetime = new Duration(3, 4),
            FrameLocked = false, Points = [new Point(1, 2, 3), new Point(4, 5, 6), new Point(7, 8, 9)],
            Colors = [new ColorRGBA(1, 0, 0, 1), new ColorRGBA(0, 1, 0, 1), new ColorRGBA(0, 0, 1, 1)],
            Text = "pose 12", MeshResource = "package://nice_slam/mesh.ply", MeshUseEmbeddedMaterials = true,
        },
        new SlamStatus
        {
            Header = Hdr, State = SlamStatus.StateLost, FramesReceived = ulong.MaxValue, FramesTracked = 17, FramesDropped = 3,
            FramesRejected = 2, Keyframes = 5, TrackingMs = 12.5f, MappingMs = float.NaN, TrackingLoss = -0.0f, Device = "cuda:0",
            InputDiagnosis = "no frame for 5 s: colour none", LatencyMedianMs = 33.25f, LatencyP95Ms = float.PositiveInfinity,
            MappingLagS = 2.5f, MappingSuperseded = ulong.MaxValue - 1,
        },
    ];
}
