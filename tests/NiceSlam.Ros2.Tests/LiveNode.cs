using System.Globalization;
using NiceSlam.Tests;

namespace NiceSlam.Ros2.Tests;

/// <summary>
/// What a ROS user starts first: `ros2 launch launch/realsense.launch.py transport:=dds camera:=standin` — the DDS
/// node (nice-slam-node built next to these tests) tracking the rclpy camera stand-in (launch/camera_standin.py:
/// realsense2_camera's topics, frame ids and sensor-data QoS, 640x480 rgb8 + 16UC1 aligned depth + CameraInfo at
/// 30 Hz, stamped by the ROS clock) playing a synthetic sequence. Outputs are published every second or two so that
/// each can be echoed; the map is a token one (10 first-frame and 5 per-call mapping iterations), since these tests
/// are about the graph, not the map. Started once for the tests of a class, on a domain of its own.
/// </summary>
public sealed class LiveNode : IDisposable
{
    public const string CameraFrame = "camera_color_optical_frame";

    public LiveNode()
    {
        if (Ros2Install.SkipReason is not null) return;
        Domain = RosProcess.NextDomain();
        Folder = Directory.CreateTempSubdirectory("niceslam-ros2-live-").FullName;
        Frames = SyntheticFrames(Path.Combine(Folder, "frames"), 60);
        string parameters = Path.Combine(Folder, "params.yaml");
        File.WriteAllText(parameters, Parameters(statusPeriod: 0.5, mapOutputsPeriod: 1.5));
        Environment = MessagesWorkspace.Environment();
        Launch = RosProcess.Start("ros2",
            ["launch", Path.Combine(SharedData.RepositoryRoot, "launch", "realsense.launch.py"), "transport:=dds", $"dds_executable:={NodeExecutable}",
             "camera:=standin", $"standin_frames:={Frames}", $"params_file:={parameters}", "device:=cpu"],
            Domain, Folder, Environment);
        if (!Launch.WaitForOutput("status: tracking", TimeSpan.FromSeconds(120)))
            throw new InvalidOperationException($"the launched node never tracked:\n{RosProcess.Tail(Launch.Output, 60)}");
    }

    public int Domain { get; }
    public string Folder { get; } = "";
    public string Frames { get; } = "";
    public RosProcess? Launch { get; }
    public IReadOnlyDictionary<string, string>? Environment { get; }

    /// <summary>nice-slam-node as built next to the tests (the project reference copies its apphost here).</summary>
    public static string NodeExecutable => Path.Combine(AppContext.BaseDirectory, "nice-slam-node");

    /// <summary>nice-slam as built next to the tests.</summary>
    public static string CliExecutable => Path.Combine(AppContext.BaseDirectory, "nice-slam");

    /// <summary>A node parameter file (ROS 2 YAML) with fast outputs and a token map.</summary>
    public static string Parameters(double statusPeriod, double mapOutputsPeriod, string extra = "") => string.Create(CultureInfo.InvariantCulture, $"""
        /**:
          ros__parameters:
            status_period: {statusPeriod}
            cloud_period: {mapOutputsPeriod}
            occupancy_period: {mapOutputsPeriod}
            mesh_period: {mapOutputsPeriod}
            slam_settings: ["FirstFrameIterations=10", "MappingIterations=5"]
        {extra}
        """);

    /// <summary>Writes the synthetic sequence (160x120, TUM layout) to <paramref name="folder"/>.</summary>
    public static string SyntheticFrames(string folder, int frames)
    {
        var result = RosProcess.Run(CliExecutable, ["synth", "--out", folder, "--frames", frames.ToString(CultureInfo.InvariantCulture)], 0, TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0) throw new InvalidOperationException("nice-slam synth failed: " + result.StdOut + result.StdErr);
        return folder;
    }

    /// <summary>Runs a ros2 command (or another program) on this node's domain with nice_slam_msgs sourced.</summary>
    public (int ExitCode, string StdOut, string StdErr) Run(string file, params string[] arguments) =>
        RunWithin(TimeSpan.FromSeconds(90), file, arguments);

    /// <summary>As <see cref="Run"/>, killed (and failing) after <paramref name="timeout"/>.</summary>
    public (int ExitCode, string StdOut, string StdErr) RunWithin(TimeSpan timeout, string file, params string[] arguments) =>
        RosProcess.Run(file, arguments, Domain, timeout, Folder, Environment);

    public void Dispose()
    {
        if (Launch is null) return;
        Launch.Signal(RosProcess.SigInt);
        Launch.WaitForExit(TimeSpan.FromSeconds(20));
        Launch.Dispose();
        try { RosProcess.Run("ros2", ["daemon", "stop"], Domain, TimeSpan.FromSeconds(30), Folder, Environment); } catch (TimeoutException) { }
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
