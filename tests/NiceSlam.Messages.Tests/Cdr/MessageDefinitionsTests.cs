using NiceSlam.Messages.Cdr;

namespace NiceSlam.Messages.Tests.Cdr;

/// <summary>ros2msg schema texts as rosbag2's MCAP storage writes them: own text, then per nested type (depth
/// first, dependencies in ordinal order of their names as written, each once) "\n", 80 '=', "\nMSG: pkg/Name\n", text.</summary>
public class MessageDefinitionsTests
{
    private static readonly string Sep = new('=', 80);

    [Fact]
    public void PoseStamped_full_text_worked_by_hand()
    {
        // PoseStamped names std_msgs/Header and (own package) geometry_msgs/Pose; ordinal order puts geometry_msgs
        // first. Pose names Point and Quaternion; Header names builtin_interfaces/Time.
        string expected =
            "std_msgs/Header header\nPose pose\n" +
            "\n" + Sep + "\nMSG: geometry_msgs/Pose\nPoint position\nQuaternion orientation\n" +
            "\n" + Sep + "\nMSG: geometry_msgs/Point\nfloat64 x\nfloat64 y\nfloat64 z\n" +
            "\n" + Sep + "\nMSG: geometry_msgs/Quaternion\nfloat64 x 0\nfloat64 y 0\nfloat64 z 0\nfloat64 w 1\n" +
            "\n" + Sep + "\nMSG: std_msgs/Header\nbuiltin_interfaces/Time stamp\nstring frame_id\n" +
            "\n" + Sep + "\nMSG: builtin_interfaces/Time\nint32 sec\nuint32 nanosec\n";
        Assert.Equal(expected, MessageDefinitions.For("geometry_msgs/msg/PoseStamped"));
        Assert.Equal(expected, MessageDefinitions.For("geometry_msgs/PoseStamped"));
    }

    [Fact]
    public void Marker_nested_types_in_rosbag2_order()
    {
        // Marker's own dependencies sorted: builtin_interfaces/Duration, geometry_msgs/Point, geometry_msgs/Pose
        // (→ Quaternion; Point already seen), geometry_msgs/Vector3, sensor_msgs/CompressedImage (→ std_msgs/Header
        // → builtin_interfaces/Time), std_msgs/ColorRGBA, std_msgs/Header (seen), visualization_msgs/MeshFile,
        // visualization_msgs/UVCoordinate.
        string text = MessageDefinitions.For("visualization_msgs/msg/Marker");
        var names = text.Split('\n').Where(l => l.StartsWith("MSG: ")).Select(l => l[5..]).ToArray();
        Assert.Equal(
            [
                "builtin_interfaces/Duration", "geometry_msgs/Point", "geometry_msgs/Pose", "geometry_msgs/Quaternion",
                "geometry_msgs/Vector3", "sensor_msgs/CompressedImage", "std_msgs/Header", "builtin_interfaces/Time",
                "std_msgs/ColorRGBA", "visualization_msgs/MeshFile", "visualization_msgs/UVCoordinate",
            ],
            names);
        // The Humble fields are there, in order.
        string own = text[..text.IndexOf(Sep, StringComparison.Ordinal)];
        Assert.Contains("bool frame_locked\ngeometry_msgs/Point[] points\nstd_msgs/ColorRGBA[] colors\nstring texture_resource\n" +
            "sensor_msgs/CompressedImage texture\nUVCoordinate[] uv_coordinates\nstring text\nstring mesh_resource\n" +
            "MeshFile mesh_file\nbool mesh_use_embedded_materials\n", own);
        Assert.StartsWith("int32 ARROW=0\n", own);
    }

    [Fact]
    public void CameraInfo_own_text_keeps_array_sizes()
    {
        string own = MessageDefinitions.MsgText("sensor_msgs/msg/CameraInfo");
        Assert.Equal(
            "std_msgs/Header header\nuint32 height\nuint32 width\nstring distortion_model\nfloat64[] d\n" +
            "float64[9]  k\nfloat64[9]  r\nfloat64[12] p\nuint32 binning_x\nuint32 binning_y\nRegionOfInterest roi\n", own);
    }

    [Fact]
    public void Every_supported_type_has_a_complete_definition()
    {
        foreach (string type in CdrSerializer.SupportedTypes)
        {
            string text = MessageDefinitions.For(type);
            var blocks = text.Split("\n" + Sep + "\n");
            Assert.Equal(MessageDefinitions.MsgText(type), blocks[0]);
            foreach (var block in blocks.Skip(1))
            {
                Assert.StartsWith("MSG: ", block);
                string name = block[5..block.IndexOf('\n')];
                Assert.Equal(MessageDefinitions.MsgText(name), block[(block.IndexOf('\n') + 1)..]);
            }
            // Each nested type appears once.
            Assert.Equal(blocks.Length - 1, blocks.Skip(1).Select(b => b[..b.IndexOf('\n')]).Distinct().Count());
        }
    }

    [Fact]
    public void SlamStatus_definition_matches_the_repository_msg_file_fields()
    {
        string expected =
            "std_msgs/Header header\nuint8 STATE_WAITING=0\nuint8 STATE_TRACKING=1\nuint8 STATE_LOST=2\nuint8 STATE_PAUSED=3\n" +
            "uint8 state\nuint64 frames_received\nuint64 frames_tracked\nuint64 frames_dropped\nuint64 frames_rejected\n" +
            "uint32 keyframes\nfloat32 tracking_ms\nfloat32 mapping_ms\nfloat32 tracking_loss\nstring device\nstring input_diagnosis\n" +
            "float32 latency_median_ms\nfloat32 latency_p95_ms\nfloat32 mapping_lag_s\nuint64 mapping_superseded\n" +
            "float32 odometry_inlier_share\nfloat32 odometry_depth_residual_mm\n" +
            "\n" + Sep + "\nMSG: std_msgs/Header\nbuiltin_interfaces/Time stamp\nstring frame_id\n" +
            "\n" + Sep + "\nMSG: builtin_interfaces/Time\nint32 sec\nuint32 nanosec\n";
        Assert.Equal(expected, MessageDefinitions.For("nice_slam_msgs/msg/SlamStatus"));
    }

    [Fact]
    public void Unknown_type_is_refused()
    {
        var ex = Assert.Throws<CdrException>(() => MessageDefinitions.For("x/msg/Y"));
        Assert.StartsWith("no message definition for type 'x/msg/Y'", ex.Message);
    }
}

/// <summary>The built-in SlamStatus text stays in step with the repository's msg/msg/SlamStatus.msg.</summary>
public class SlamStatusMsgFileTests
{
    [Fact]
    public void Built_in_text_equals_the_msg_file_without_comments()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "msg", "msg", "SlamStatus.msg"))) dir = dir.Parent;
        Assert.True(dir is not null, "msg/msg/SlamStatus.msg not found above the test output folder");
        var lines = File.ReadAllLines(System.IO.Path.Combine(dir!.FullName, "msg", "msg", "SlamStatus.msg"))
            .Select(l => l.Split('#')[0].TrimEnd()).Where(l => l.Length > 0);
        Assert.Equal(string.Join("\n", lines) + "\n", MessageDefinitions.MsgText("nice_slam_msgs/msg/SlamStatus"));
    }
}
