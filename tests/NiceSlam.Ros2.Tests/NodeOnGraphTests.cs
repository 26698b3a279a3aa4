using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NiceSlam.Tests;

namespace NiceSlam.Ros2.Tests;

/// <summary>
/// The DDS node seen from a real ROS 2 graph (Humble's ros2 command line, rclpy, tf2_ros), tracking the rclpy
/// camera stand-in through realsense.launch.py: what a ROS user does first, each as a test so that it stays true.
/// </summary>
[Trait("Category", "Slow")]
public sealed class NodeOnGraphTests(LiveNode node) : IClassFixture<LiveNode>
{
    private static readonly string[] Outputs =
    [
        "/tf tf2_msgs/msg/TFMessage", "/nice_slam/odometry nav_msgs/msg/Odometry", "/nice_slam/path nav_msgs/msg/Path",
        "/nice_slam/status nice_slam_msgs/msg/SlamStatus", "/nice_slam/map_cloud sensor_msgs/msg/PointCloud2",
        "/nice_slam/occupancy nav_msgs/msg/OccupancyGrid", "/nice_slam/mesh visualization_msgs/msg/Marker",
    ];

    [Ros2Fact]
    public void The_node_is_listed_with_every_output_and_its_type()
    {
        var nodes = node.Run("ros2", "node", "list", "--no-daemon", "--spin-time", "3");
        Assert.True(nodes.ExitCode == 0, nodes.StdErr);
        Assert.Contains("/nice_slam", nodes.StdOut.Split('\n').Select(l => l.Trim()));
        var topics = node.Run("ros2", "topic", "list", "-t", "--no-daemon", "--spin-time", "3");
        Assert.True(topics.ExitCode == 0, topics.StdErr);
        foreach (string output in Outputs)
        {
            var (name, type) = (output.Split(' ')[0], output.Split(' ')[1]);
            Assert.Contains($"{name} [{type}]", topics.StdOut);
        }
    }

    [Ros2Fact]
    public void Topic_info_shows_the_publishers_qos()
    {
        var tf = node.Run("ros2", "topic", "info", "-v", "/tf", "--no-daemon", "--spin-time", "3");
        Assert.True(tf.ExitCode == 0, tf.StdErr);
        string publisher = PublisherBlock(tf.StdOut, "nice_slam");
        Assert.Contains("Reliability: RELIABLE", publisher);
        Assert.Contains("Durability: VOLATILE", publisher);
        var path = node.Run("ros2", "topic", "info", "-v", "/nice_slam/path", "--no-daemon", "--spin-time", "3");
        Assert.Contains("Durability: TRANSIENT_LOCAL", PublisherBlock(path.StdOut, "nice_slam"));
    }

    [Ros2Fact]
    public void Every_output_is_decoded_by_ros2_topic_echo()
    {
        // The map outputs come from a low-priority thread once the first map exists.
        Assert.True(node.Launch!.WaitForOutput("map outputs (cloud", TimeSpan.FromMinutes(3)), RosProcess.Tail(node.Launch.Output, 40));
        foreach (string output in Outputs)
        {
            string topic = output.Split(' ')[0];
            string[] qos = topic is "/nice_slam/path" or "/nice_slam/map_cloud" or "/nice_slam/occupancy" or "/nice_slam/mesh"
                ? ["--qos-durability", "transient_local", "--qos-reliability", "reliable"] : [];
            // Map outputs come every 1.5 s from a low-priority thread, which a busy machine can hold back for minutes.
            var echo = node.RunWithin(TimeSpan.FromSeconds(qos.Length > 0 ? 300 : 90), "ros2", ["topic", "echo", "--once", topic, .. qos]);
            Assert.True(echo.ExitCode == 0, $"{topic}: {echo.StdErr}");
            string expected = topic switch
            {
                "/tf" => $"child_frame_id: {LiveNode.CameraFrame}",
                "/nice_slam/odometry" => "pose:",
                "/nice_slam/path" => "poses:",
                "/nice_slam/status" => "frames_tracked:",
                "/nice_slam/map_cloud" => "point_step:",
                "/nice_slam/occupancy" => "resolution:",
                _ => "type: 11",                                    // visualization_msgs/Marker TRIANGLE_LIST
            };
            Assert.Contains(expected, echo.StdOut);
        }
    }

    [Ros2Fact]
    public void Tf2_echo_prints_the_camera_pose_in_the_map()
    {
        using var echo = RosProcess.Start("ros2", ["run", "tf2_ros", "tf2_echo", "map", LiveNode.CameraFrame], node.Domain, node.Folder, node.Environment);
        Assert.True(echo.WaitForOutput("- Translation: [", TimeSpan.FromSeconds(30)), echo.Output);
        var m = Regex.Match(echo.StdOut, @"- Translation: \[(-?[\d.]+), (-?[\d.]+), (-?[\d.]+)\]");
        Assert.True(m.Success, echo.StdOut);
        Assert.All(m.Groups.Values.Skip(1), g => Assert.True(double.IsFinite(double.Parse(g.Value, CultureInfo.InvariantCulture))));
    }

    [Ros2Fact]
    public void Services_called_from_rclpy_get_the_nodes_answers()
    {
        string map = Path.Combine(node.Folder, "saved.map");
        var save = node.Run("ros2", "service", "call", "/nice_slam/save_map", "nice_slam_msgs/srv/SaveMap", $"{{path: '{map}'}}");
        Assert.True(save.ExitCode == 0, save.StdErr);
        Assert.Contains("success=True", save.StdOut);
        Assert.True(new FileInfo(map).Length > 0);
        var export = node.Run("ros2", "service", "call", "/nice_slam/export_mesh", "nice_slam_msgs/srv/ExportMesh", $"{{path: '{Path.Combine(node.Folder, "mesh.ply")}'}}");
        Assert.Contains("success=", export.StdOut);
    }

    [Ros2Fact]
    public void After_a_reset_the_next_pose_comes_within_a_second()
    {
        // An rclpy client resets the map and watches /tf: the first pose stamped after the answer must arrive within
        // 1 s of it (tracking goes on beside the new map's first fit instead of waiting for it).
        string script = """
            import sys, time, rclpy
            from rclpy.node import Node
            from tf2_msgs.msg import TFMessage
            from nice_slam_msgs.srv import ResetMap
            rclpy.init()
            n = Node('reset_probe')
            client = n.create_client(ResetMap, '/nice_slam/reset')
            if not client.wait_for_service(timeout_sec=30): print('no service'); sys.exit(2)
            seen = []
            n.create_subscription(TFMessage, '/tf', lambda m: seen.append((time.monotonic(), m.transforms[0].header.stamp)), 100)
            future = client.call_async(ResetMap.Request())
            rclpy.spin_until_future_complete(n, future, timeout_sec=60)
            answered, answered_ros = time.monotonic(), n.get_clock().now().nanoseconds
            print('reset', future.result().success, future.result().message)
            seen.clear()
            end = answered + 10
            first = None
            while time.monotonic() < end and first is None:
                rclpy.spin_once(n, timeout_sec=0.05)
                for at, stamp in seen:
                    if stamp.sec * 1_000_000_000 + stamp.nanosec > answered_ros:
                        first = at - answered
                        break
            print('first_pose_after_reset_s', -1 if first is None else round(first, 3))
            """;
        var run = node.Run("/usr/bin/python3", "-c", script);
        Assert.True(run.ExitCode == 0, run.StdOut + run.StdErr);
        Assert.Contains("reset True", run.StdOut);
        double first = double.Parse(Regex.Match(run.StdOut, @"first_pose_after_reset_s (-?[\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(first, 0, 1.0);
    }

    [Ros2Fact]
    public void The_first_pose_came_within_a_second_of_the_first_frame()
    {
        // The node logs when its input assembled the first frame and when it tracked it; the launch output has both.
        // Tracking (state 1); right after another test's reset the status may still say waiting for a moment.
        string status = "";
        for (var end = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < end && !status.Contains("state: 1", StringComparison.Ordinal);)
            status = node.Run("ros2", "topic", "echo", "--once", "/nice_slam/status").StdOut;
        Assert.Contains("state: 1", status);
        var m = Regex.Match(node.Launch!.Output, @"first frame: tracked ([\d.]+) s after its receipt");
        Assert.True(m.Success, RosProcess.Tail(node.Launch.Output, 80));
        Assert.InRange(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), 0, 1.0);
    }

    [Ros2Fact]
    public void Ros2_param_lists_gets_describes_and_sets_the_nodes_parameters()
    {
        var list = node.Run("ros2", "param", "list", "/nice_slam", "--no-daemon");
        Assert.True(list.ExitCode == 0, list.StdErr);
        var names = list.StdOut.Split('\n').Select(l => l.Trim()).ToHashSet();
        foreach (string key in new[] { "preset", "cloud_period", "queue_full_policy", "input_qos", "transport", "use_sim_time", "slam_settings" })
            Assert.Contains(key, names);

        var preset = node.Run("ros2", "param", "get", "/nice_slam", "preset", "--no-daemon");
        Assert.Contains("String value is: cpu", preset.StdOut);
        var describe = node.Run("ros2", "param", "describe", "/nice_slam", "cloud_period", "--no-daemon");
        Assert.Contains("Type: double", describe.StdOut);
        Assert.Contains("can change while running", describe.StdOut);

        var set = node.Run("ros2", "param", "set", "/nice_slam", "cloud_period", "2.5", "--no-daemon");
        Assert.Contains("Set parameter successful", set.StdOut);
        Assert.Contains("Double value is: 2.5", node.Run("ros2", "param", "get", "/nice_slam", "cloud_period", "--no-daemon").StdOut);
        var invalid = node.Run("ros2", "param", "set", "/nice_slam", "cloud_voxel", "0.0", "--no-daemon");
        Assert.Contains("Setting parameter failed", invalid.StdErr);          // ros2 param prints a refusal on stderr
        Assert.Contains("cloud_voxel must be > 0 m", invalid.StdErr);
        var fixedAtStart = node.Run("ros2", "param", "set", "/nice_slam", "preset", "tum", "--no-daemon");
        Assert.Contains("Setting parameter failed", fixedAtStart.StdErr);
        Assert.Contains("read when the node starts", fixedAtStart.StdErr);
        Assert.Contains("String value is: cpu", node.Run("ros2", "param", "get", "/nice_slam", "preset", "--no-daemon").StdOut);
    }

    /// <summary>The block of `ros2 topic info -v` that describes a publisher of <paramref name="nodeName"/>.</summary>
    private static string PublisherBlock(string info, string nodeName)
    {
        var blocks = info.Split("\n\n");
        return blocks.FirstOrDefault(b => b.Contains($"Node name: {nodeName}", StringComparison.Ordinal) && b.Contains("Endpoint type: PUBLISHER", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no publisher block of {nodeName} in:\n{info}");
    }
}
