using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NiceSlam.Node;

// nice-slam-node: the hosted node on the in-process bus, or on a ROS 2 graph through Cyclone DDS with transport dds
// (no ROS install needed; the rcldotnet build is src/NiceSlam.Ros). With the default settings it plays the embedded
// synthetic sequence through the whole pipeline and prints status lines, e.g.
//   nice-slam-node --NiceSlam:source=synthetic --NiceSlam:max_frames=30
//   nice-slam-node --ros-args --params-file launch/params.yaml -p transport:=dds -p source:=topics
//   nice-slam-node --NiceSlam:source=path/to/bag_folder --NiceSlam:record_outputs=out/replay
//   nice-slam-node --ros-args --params-file launch/params.yaml -p source:=synthetic
NiceSlam.Native.OneArenaRestart.Restart(NiceSlam.Core.Compute.NativeAllocator.Arenas);   // one malloc arena from the first thread on
try
{
    // The robot's parameter YAML works here too: --ros-args --params-file launch/params.yaml -p name:=value.
    var rosArguments = NiceSlam.Node.Parameters.RosArguments.Parse(args);
    var builder = NodeHost.CreateBuilder([.. rosArguments.ApplicationArguments]);
    // With transport dds the node joins the ROS 2 graph under its name (--ros-args -r __node:=... -r __ns:=...).
    builder.Services.AddSingleton(new NiceSlam.Node.Transport.RosNodeIdentity(
        rosArguments.NodeName ?? "nice_slam", "/" + (rosArguments.NodeNamespace ?? "").Trim('/')));
    builder.Configuration.AddInMemoryCollection(NiceSlam.Node.Parameters.RosParameters.ToConfiguration(
        NiceSlam.Node.Parameters.RosParameters.Resolve(rosArguments, rosArguments.FullyQualifiedName("nice_slam"))));
    // Without ROS there are no camera topics to listen to: unless told otherwise, play the embedded synthetic
    // sequence through the whole node (every frame, as fast as it goes: queue_full_policy auto blocks for a recording
    // the node reads itself, and never for camera topics) and publish the map now and then.
    NodeHost.AddFallbackSettings(builder, new Dictionary<string, string?>
    {
        ["source"] = "synthetic",
        ["max_frames"] = NodeOptions.DemoFrames.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["playback_rate"] = "0",
        ["status_period"] = "2",
        ["cloud_period"] = "20",
        ["occupancy_period"] = "20",
        ["mesh_period"] = "60",
    });
    using var host = builder.Build();
    await host.RunAsync();
    return Environment.ExitCode;
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    Console.Error.WriteLine("nice-slam-node: invalid settings: " + string.Join("; ", e.Failures));
    return 2;
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or FormatException)
{
    Console.Error.WriteLine("nice-slam-node: " + e.Message);
    return 2;
}
