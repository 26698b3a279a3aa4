using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NiceSlam.Node.Engine;

namespace NiceSlam.Node.Workers;

/// <summary>
/// The mapping loop as a background service: optimises the map on the frames the tracking loop hands over and
/// publishes each result as the new map snapshot. On shutdown the mapping call in progress is finished (the map is
/// never left half-updated) before the service stops.
/// </summary>
public sealed class MappingWorker(SlamEngine engine, IHostApplicationLifetime lifetime, ILogger<MappingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await engine.System.RunMappingAsync(engine.OnFrame, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "the mapping loop failed; stopping the node");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
