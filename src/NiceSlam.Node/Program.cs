using Microsoft.Extensions.Hosting;
using NiceSlam.Node;

// nice-slam-node: the hosted node on the in-process bus (the ROS 2 build is src/NiceSlam.Ros). With the default
// settings it plays the embedded synthetic sequence through the whole pipeline and prints status lines, e.g.
//   nice-slam-node --NiceSlam:source=synthetic --NiceSlam:max_frames=30
//   nice-slam-node --NiceSlam:source=path/to/bag_folder --NiceSlam:queue_full_policy=block --NiceSlam:playback_rate=0
try
{
    using var host = NodeHost.CreateBuilder(args).Build();
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
