using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Data.Datasets;

namespace NiceSlam.Node;

/// <summary>
/// The input stage for recorded data: plays a dataset (or the synthetic sequence) into the frame queue at
/// PlaybackFps, like a camera would deliver it; frames the pipeline cannot keep up with are dropped by the queue.
/// (The ROS edge will be a second input stage feeding the same queue.)
/// </summary>
public sealed class DatasetPlaybackWorker(
    IRgbdDataset dataset, FrameQueue queue, NodeStatus status, IOptions<NodeOptions> options, ILogger<DatasetPlaybackWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        int count = settings.MaxFrames > 0 ? Math.Min(settings.MaxFrames, dataset.Count) : dataset.Count;
        logger.LogInformation("playing {Count} frames of {Name} ({Intrinsics}) at {Fps}", count, dataset.Name, dataset.Intrinsics,
            settings.PlaybackFps > 0 ? $"{settings.PlaybackFps} fps" : "full speed");
        using var timer = settings.PlaybackFps > 0 ? new PeriodicTimer(TimeSpan.FromSeconds(1 / settings.PlaybackFps)) : null;
        try
        {
            for (int i = 0; i < count && !stoppingToken.IsCancellationRequested; i++)
            {
                if (timer is not null) await timer.WaitForNextTickAsync(stoppingToken);
                try
                {
                    var frame = dataset.ReadFrame(i);
                    status.FrameReceived();
                    queue.Enqueue(frame);
                }
                catch (DatasetException e)
                {
                    status.FrameRejected(e.Message);
                    logger.LogWarning("could not read frame {Index}: {Reason}", i, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            queue.Complete();
        }
    }
}
