using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NiceSlam.Bags;
using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Tests;

namespace NiceSlam.Ros2.Tests;

/// <summary>
/// rosbag2 files both ways: bags `nice-slam bag write` makes are read by `ros2 bag info` and played by `ros2 bag play`
/// (sqlite3 and MCAP); a bag `ros2 bag record` makes of a live camera is read by `nice-slam bag info` and tracked by
/// `nice-slam run`.
/// </summary>
[Trait("Category", "Slow")]
public sealed class BagInteropTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-ros2-bags-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Ros2Theory]
    [InlineData("mcap")]
    [InlineData("sqlite3")]
    public void A_bag_written_by_nice_slam_is_read_by_ros2_bag_info_and_played_by_ros2_bag_play(string storage)
    {
        string bag = Path.Combine(dir, storage);
        var write = RosProcess.Run(LiveNode.CliExecutable, ["bag", "write", "synthetic", "--frames", "12", "--storage", storage, "--out", bag], 0, TimeSpan.FromMinutes(3));
        Assert.True(write.ExitCode == 0, write.StdOut + write.StdErr);
        int domain = RosProcess.NextDomain();

        var info = RosProcess.Run("ros2", ["bag", "info", bag], domain, TimeSpan.FromSeconds(60));
        Assert.True(info.ExitCode == 0, info.StdErr);
        Assert.Contains($"Storage id:        {storage}", info.StdOut);
        Assert.Matches(@"Topic: /camera/camera/color/image_raw \| Type: sensor_msgs/msg/Image \| Count: 12 \| Serialization Format: cdr", info.StdOut);
        Assert.Matches(@"Topic: /camera/camera/color/camera_info \| Type: sensor_msgs/msg/CameraInfo \| Count: \d+", info.StdOut);

        // Played while an rclpy subscriber counts the colour images it decodes.
        using var counter = RosProcess.Start("/usr/bin/python3", ["-c", CountImages("/camera/camera/color/image_raw", 30)], domain);
        Assert.True(counter.WaitForOutput("ready", TimeSpan.FromSeconds(30)), counter.Output);
        var play = RosProcess.Run("ros2", ["bag", "play", bag, "--delay", "1", "--disable-keyboard-controls", "--qos-profile-overrides-path", ReliableOverrides("/camera/camera/color/image_raw")], domain, TimeSpan.FromSeconds(90));
        Assert.True(play.ExitCode == 0, play.StdOut + play.StdErr);
        Assert.True(counter.WaitForOutput("images 12", TimeSpan.FromSeconds(20)), counter.Output);
        Assert.Contains("size 160x120 rgb8", counter.StdOut);
    }

    [Ros2Fact]
    public void A_bag_recorded_by_ros2_bag_record_is_read_by_nice_slam_and_every_frame_tracked()
    {
        int domain = RosProcess.NextDomain();
        string frames = LiveNode.SyntheticFrames(Path.Combine(dir, "frames"), 30);
        string bag = RecordCamera(dir, domain, frames, count: 40);

        var ros = RosProcess.Run("ros2", ["bag", "info", bag], domain, TimeSpan.FromSeconds(60));
        var ours = RosProcess.Run(LiveNode.CliExecutable, ["bag", "info", bag], domain, TimeSpan.FromSeconds(60));
        Assert.True(ours.ExitCode == 0, ours.StdErr);
        foreach (string topic in new[] { "/camera/camera/color/image_raw", "/camera/camera/aligned_depth_to_color/image_raw", "/camera/camera/color/camera_info" })
        {
            string count = Regex.Match(ros.StdOut, $@"Topic: {Regex.Escape(topic)} \| Type: \S+ \| Count: (\d+)").Groups[1].Value;
            Assert.True(int.Parse(count, CultureInfo.InvariantCulture) >= 30, ros.StdOut);
            Assert.Matches($@"{Regex.Escape(topic)}\s.*\b{count}\b", ours.StdOut);      // the same count, as ros2 bag info says
        }

        int rgbd = RgbdFrames(bag);
        string output = Path.Combine(dir, "run");
        var run = RosProcess.Run(LiveNode.CliExecutable, ["run", bag, "--set", "FirstFrameIterations=10", "--set", "MappingIterations=5", "--no-mesh", "--out", output],
            domain, TimeSpan.FromMinutes(5));
        Assert.True(run.ExitCode == 0, run.StdOut + run.StdErr);
        int tracked = File.ReadAllLines(Path.Combine(output, "trajectory.txt")).Count(l => l.Length > 0 && !l.StartsWith('#'));
        Assert.True(rgbd >= 30, $"the recording holds {rgbd} RGB-D frames");
        Assert.Equal(rgbd, tracked);
    }

    /// <summary>Records the camera stand-in's three topics at 160x120 and 30 Hz (<paramref name="count"/> frames)
    /// with `ros2 bag record -s mcap`; returns the bag folder.</summary>
    internal static string RecordCamera(string dir, int domain, string frames, int count)
    {
        string bag = Path.Combine(dir, "recorded");
        using var record = RosProcess.Start("ros2", ["bag", "record", "-s", "mcap", "-o", bag,
            "/camera/camera/color/image_raw", "/camera/camera/aligned_depth_to_color/image_raw", "/camera/camera/color/camera_info"], domain, dir);
        Assert.True(record.WaitForOutput("Listening for topics", TimeSpan.FromSeconds(30)), record.Output);
        var camera = RosProcess.Run("/usr/bin/python3", [Path.Combine(SharedData.RepositoryRoot, "launch", "camera_standin.py"), "--frames", frames,
            "--width", "160", "--height", "120", "--count", count.ToString(CultureInfo.InvariantCulture)], domain, TimeSpan.FromMinutes(3), dir);
        Assert.True(camera.ExitCode == 0, camera.StdOut + camera.StdErr);
        Thread.Sleep(1000);
        record.Signal(RosProcess.SigInt);
        Assert.True(record.WaitForExit(TimeSpan.FromSeconds(30)), record.Output);
        Assert.True(File.Exists(Path.Combine(bag, "metadata.yaml")), record.Output);
        return bag;
    }

    /// <summary>The RGB-D frames a bag holds (read with NiceSlam.Bags): colour images with a depth image of the same
    /// stamp (the camera stamps both alike). A recorder subscribes to each topic on its own, so it may start one
    /// topic a frame later than another; such a colour image without depth is not a frame.</summary>
    internal static int RgbdFrames(string bag)
    {
        const string colour = "/camera/camera/color/image_raw", depth = "/camera/camera/aligned_depth_to_color/image_raw";
        using var reader = BagFolder.Open(bag);
        var stamps = reader.ReadMessages(new HashSet<string> { colour, depth })
            .Select(m => (m.Topic, Stamp: CdrSerializer.Deserialize<Image>(m.Data).Header.Stamp.TotalNanoseconds))
            .ToList();
        var depthStamps = stamps.Where(s => s.Topic == depth).Select(s => s.Stamp).ToHashSet();
        return stamps.Count(s => s.Topic == colour && depthStamps.Contains(s.Stamp));
    }

    /// <summary>A rosbag2 QoS override file: these topics reliable, keep all.</summary>
    internal static string ReliableOverrides(params string[] topics)
    {
        string file = Path.Combine(Path.GetTempPath(), $"niceslam-qos-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, string.Concat(topics.Select(t => $"{t}:\n  reliability: reliable\n  history: keep_all\n  durability: volatile\n")));
        return file;
    }

    /// <summary>An rclpy script that prints "ready", then "images N" for each image it takes and its size.</summary>
    private static string CountImages(string topic, int seconds) => $$"""
        import time, rclpy
        from rclpy.node import Node
        from rclpy.qos import QoSProfile, ReliabilityPolicy, HistoryPolicy
        from sensor_msgs.msg import Image
        rclpy.init()
        n = Node('image_counter')
        count = [0]
        def on(m):
            count[0] += 1
            print(f'images {count[0]} size {m.width}x{m.height} {m.encoding}', flush=True)
        n.create_subscription(Image, '{{topic}}', on, QoSProfile(depth=100, reliability=ReliabilityPolicy.RELIABLE, history=HistoryPolicy.KEEP_ALL))
        print('ready', flush=True)
        end = time.monotonic() + {{seconds}}
        while time.monotonic() < end:
            rclpy.spin_once(n, timeout_sec=0.1)
        """;
}

/// <summary>A theory that needs the ROS 2 install in ../shared/ros2; skipped with the reason when it is absent.</summary>
public sealed class Ros2TheoryAttribute : TheoryAttribute
{
    public Ros2TheoryAttribute()
    {
        if (Ros2Install.SkipReason is { } reason) Skip = reason;
    }
}
