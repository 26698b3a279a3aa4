using Microsoft.Extensions.Hosting;
using NiceSlam.Node;

// nice-slam-node: the hosted pipeline. Example: nice-slam-node --NiceSlam:Source=synthetic --NiceSlam:PlaybackFps=30
using var host = NodeHost.CreateBuilder(args).Build();
try
{
    await host.RunAsync();
    return 0;
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    Console.Error.WriteLine("nice-slam-node: invalid settings: " + string.Join("; ", e.Failures));
    return 2;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine("nice-slam-node: " + e.Message);
    return 2;
}
