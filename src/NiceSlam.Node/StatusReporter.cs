using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NiceSlam.Node;

/// <summary>Logs one status line every StatusIntervalSeconds (and a final one at shutdown).</summary>
public sealed class StatusReporter(NodeStatus status, FrameQueue queue, IOptions<NodeOptions> options, ILogger<StatusReporter> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.StatusIntervalSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                logger.LogInformation("status: {Status}", status.Snapshot(queue.Dropped));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        logger.LogInformation("final status: {Status}", status.Snapshot(queue.Dropped));
    }
}
