using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NiceSlam.Core.Slam;
using NiceSlam.Node.Engine;

namespace NiceSlam.Node.Workers;

/// <summary>
/// The mapping side of the engine as a background service: maps the frames the <see cref="TrackingWorker"/> hands
/// over (<see cref="SlamSystem.Map"/>, which publishes each result as the new map snapshot) and hands the outcomes
/// back; a call libtorch fails inside is a frame not mapped (the engine puts the map back as the previous call left
/// it), logged as a warning, not a stop. It stops after the last request once the tracking worker has stopped. When
/// the node stops, the mapping call in progress is finished (the map is never left half-updated) and requests still
/// waiting are skipped, except a new map's first frame.
/// </summary>
public sealed class MappingWorker(SlamEngine engine, MappingHandoff handoff, SlamReports reports, IHostApplicationLifetime lifetime,
    ILogger<MappingWorker> logger) : BackgroundService
{
    /// <summary>Stops after the step in progress, however long it takes (the host's shutdown timeout does not cut
    /// a mapping call short: the engine is never left half-updated nor disposed under a worker).</summary>
    public override Task StopAsync(CancellationToken cancellationToken) => base.StopAsync(CancellationToken.None);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => WorkerThread.Run("mapping worker", () => LoopAsync(stoppingToken));

    /// <summary>Every growth of the map, and refused growths the first time and every 100th after (a robot parked at
    /// the cap would otherwise fill the log).</summary>
    private void LogGrowth(MapGrowth growth)
    {
        if (!growth.Capped)
        {
            logger.LogInformation("frame {Frame}: the map grew from {From} to {To} ({Volume:0} m³, {Parameters:N0} grid values) to hold what the camera sees",
                growth.FrameIndex, growth.From, growth.To, growth.To.Volume, growth.Parameters);
            return;
        }
        long refused = engine.System.Counters.MapGrowthsRefused;
        if (refused == 1 || refused % 100 == 0)
            logger.LogWarning("frame {Frame} sees beyond the map's bounds {From}, but growing to {To} ({Volume:0} m³) would pass Map.MaxVolume={Cap} m³ "
                + "(or the map was saved before maps could grow): the map stops growing there; {Refused} frame(s) refused so far",
                growth.FrameIndex, growth.From, growth.To, growth.To.Volume, engine.System.Options.Map.MaxVolume, refused);
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        Exception? failure = null;
        try
        {
            await foreach (var job in handoff.Jobs.ReadAllAsync(CancellationToken.None))
            {
                if (job.Request is not { } request)
                {
                    job.Done.TrySetResult();                      // a barrier: everything before it is done
                    continue;
                }
                if (stoppingToken.IsCancellationRequested && request.Kind != MappingKind.First)
                {
                    request.Dispose();
                    job.Done.TrySetResult();
                    continue;
                }
                try
                {
                    var outcome = engine.System.Map(request);
                    if (outcome.Growth is { } growth) LogGrowth(growth);
                    if (outcome.Report.Mapping is { Failed: true } failed)
                        logger.LogWarning("frame {Frame} was not mapped: {Reason}; {Map} ({Failures} failed call(s) so far)", failed.FrameIndex,
                            failed.FailureReason, failed.RolledBack ? "the map is back as the previous call left it" : "the map keeps the steps the call completed",
                            engine.System.Counters.MappingFailures);
                    reports.Post(outcome.Report);
                    handoff.Deliver(outcome);
                    job.Done.TrySetResult();
                }
                catch (Exception e)
                {
                    job.Done.TrySetException(e);
                    throw;
                }
            }
        }
        catch (Exception e)
        {
            failure = e;
            logger.LogCritical(e, "the mapping worker failed; stopping the node");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        finally
        {
            handoff.MarkDrained(failure);
        }
    }
}
