using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NiceSlam.Core.Frames;

namespace NiceSlam.Node;

/// <summary>
/// Consumes the frame queue: checks each frame (stamps must increase, depth must be finite) and passes it
/// to the frame processor (preprocessing today; tracking and mapping once the engine lands). A bad frame is
/// logged and counted, never fatal: the node keeps running.
/// </summary>
public sealed class FramePipelineWorker(
    FrameQueue queue, IFrameProcessor processor, NodeStatus status, IHostApplicationLifetime lifetime,
    Microsoft.Extensions.Options.IOptions<NodeOptions> options, ILogger<FramePipelineWorker> logger) : BackgroundService
{
    private double lastStamp = double.NegativeInfinity;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await foreach (RgbdFrame frame in queue.ReadAllAsync(stoppingToken))
                Process(frame);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        logger.LogInformation("input finished: {Status}", status.Snapshot(queue.Dropped));
        if (options.Value.StopWhenDone) lifetime.StopApplication();
    }

    private void Process(RgbdFrame frame)
    {
        if (!(frame.Timestamp > lastStamp))
        {
            Reject(frame, $"stamp {frame.Timestamp:F6} s is not after the previous frame's {lastStamp:F6} s");
            return;
        }
        var watch = Stopwatch.StartNew();
        try
        {
            double validFraction = processor.Process(frame);
            lastStamp = frame.Timestamp;
            status.FrameProcessed(watch.Elapsed.TotalMilliseconds, validFraction);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or InvalidOperationException)
        {
            Reject(frame, e.Message);
        }
    }

    private void Reject(RgbdFrame frame, string reason)
    {
        status.FrameRejected(reason);
        logger.LogWarning("rejected frame {Index}: {Reason}", frame.Index, reason);
    }
}
