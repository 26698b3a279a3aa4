using Microsoft.Extensions.Hosting;
using NiceSlam.Node;

// nice-slam-node: the hosted node on the in-process bus (the ROS 2 build is src/NiceSlam.Ros). With the default
// settings it plays the embedded synthetic sequence through the whole pipeline and prints status lines, e.g.
//   nice-slam-node --NiceSlam:source=synthetic --NiceSlam:max_frames=30
//   nice-slam-node --NiceSlam:source=path/to/bag_folder --NiceSlam:queue_full_policy=block --NiceSlam:playback_rate=0
try
{
    var builder = NodeHost.CreateBuilder(args);
    // Without ROS there are no camera topics to listen to: unless told otherwise, play the embedded synthetic
    // sequence through the whole node (every frame, as fast as it goes) and publish the map now and then.
    NodeHost.AddFallbackSettings(builder, new Dictionary<string, string?>
    {
        ["source"] = "synthetic",
        ["max_frames"] = "30",
        ["queue_full_policy"] = "block",
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
catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
{
    Console.Error.WriteLine("nice-slam-node: " + e.Message);
    return 2;
}
