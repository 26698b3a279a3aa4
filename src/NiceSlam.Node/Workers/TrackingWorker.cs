using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Node.Engine;

namespace NiceSlam.Node.Workers;

/// <summary>
/// The tracking loop as a background service: tracks the frames of the input queue against the published map
/// snapshot and hands mapping frames to the <see cref="MappingWorker"/>. When a recorded source ends (the queue
/// completes) it stops the node if stop_when_done is set; an engine failure is logged and stops the node with
/// exit code 1 rather than leaving it silently deaf.
/// </summary>
public sealed class TrackingWorker(SlamEngine engine, FrameQueue queue, IHostApplicationLifetime lifetime, IOptions<NodeOptions> options,
    ILogger<TrackingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await engine.System.RunTrackingAsync(queue.Reader, engine.OnFrame, stoppingToken).ConfigureAwait(false);
            if (!stoppingToken.IsCancellationRequested)
            {
                logger.LogInformation("input finished: {Tracked} frames tracked, {Rejected} rejected, {Keyframes} keyframes",
                    engine.System.Trajectory.Count, engine.System.Counters.Rejected, engine.System.Keyframes.Count);
                if (options.Value.StopWhenDone) lifetime.StopApplication();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "the tracking loop failed; stopping the node");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
