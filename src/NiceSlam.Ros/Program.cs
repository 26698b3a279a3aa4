using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using NiceSlam.Node;
using NiceSlam.Ros;
using NiceSlam.Node.Parameters;

// nice_slam_node: the NiceSlam.NET node on ROS 2 (rcldotnet). Started by `ros2 run nice_slam_ros nice_slam_node
// --ros-args --params-file params.yaml -p source:=topics` or by the launch files in launch/. Only wiring here:
// the SLAM node is NiceSlam.Node's Generic Host, given a RosMessageBus instead of the in-process loopback bus.
const string DefaultNodeName = "nice_slam";

var rosArguments = RosArguments.Parse(args);
RosMessageBus? bus = null;
try
{
    bus = new RosMessageBus(DefaultNodeName);
    string fqn = bus.Node.FullyQualifiedName; // after rcl applied -r __node:= / __ns:=
    var parameters = RosParameters.Resolve(rosArguments, fqn);
    foreach (string unknown in parameters.Keys.Except(RosParameters.KnownNames))
        Console.Error.WriteLine($"nice_slam_node: parameter '{unknown}' is not one of the node's parameters (see launch/params.yaml); passed on as {RosParameters.Section}:{unknown}");
    if (parameters.TryGetValue("use_sim_time", out var simTime) && bool.TryParse(simTime.Items[0], out bool useSimTime) && useSimTime)
        bus.EnableSimTime();

    var builder = NodeHost.CreateBuilder([.. rosArguments.ApplicationArguments], bus: bus);
    // ROS parameters win over appsettings.json, environment and --NiceSlam:Key=value arguments.
    builder.Configuration.AddInMemoryCollection(RosParameters.ToConfiguration(parameters));
    using var host = builder.Build();
    await host.RunAsync();
    return Environment.ExitCode;     // 1 when a loop failed (the workers set it)
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    Console.Error.WriteLine("nice_slam_node: invalid parameters: " + string.Join("; ", e.Failures));
    return 2;
}
catch (Exception e) when (e is ArgumentException or FormatException or FileNotFoundException or NotSupportedException)
{
    Console.Error.WriteLine("nice_slam_node: " + e.Message);
    return 2;
}
finally
{
    bus?.Dispose();
}
