using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NiceSlam.Core.Frames;
using NiceSlam.Messages.Bus;
using NiceSlam.Node.Input;

namespace NiceSlam.Node.Sources;

/// <summary>
/// The frames a recording yields through the node's input pipeline, for offline runs (`nice-slam run`): the
/// recording is played at full speed onto an in-process bus, and the same input stage as on a robot
/// (approximate-time synchronisation, decoding, checks, ground truth, resizing) turns it into frames; the queue
/// blocks instead of dropping, so every frame is processed and runs are repeatable.
/// </summary>
public sealed class RecordedFrames(IRecordedSource source, NodeOptions options, ILoggerFactory? logs = null)
{
    /// <summary>The input stage's counters of the last <see cref="Read"/> (rejections with reasons).</summary>
    public InputCounters? Counters { get; private set; }

    /// <summary>The last step of the input of the last <see cref="Read"/> (whether it undistorts).</summary>
    public FramePreparation? Preparation { get; private set; }

    public IEnumerable<RgbdFrame> Read(CancellationToken cancellation)
    {
        logs ??= NullLoggerFactory.Instance;
        using var bus = new LoopbackBus();
        var queue = new FrameQueue(Math.Max(2, options.QueueCapacity), QueueFullPolicy.Block);
        using var groundTruth = new GroundTruthTable(options.SyncMaxInterval);
        groundTruth.Start(bus, options.GroundTruthTopic);
        using var preparation = new FramePreparation(options, groundTruth);
        Preparation = preparation;
        using var input = new InputStage(bus,
            NodeHost.InputSettingsOf(options, preparation.Prepare),
            queue, logs.CreateLogger<InputStage>());
        Counters = input.Counters;
        input.Start();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var publishers = new TopicPublishers(bus);
        var producer = Task.Run(() =>
        {
            try
            {
                foreach (var message in source.Messages())
                {
                    if (stop.IsCancellationRequested) break;
                    publishers.Publish(message);
                }
            }
            finally
            {
                input.Complete();
            }
        }, CancellationToken.None);
        try
        {
            while (queue.Reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
                while (queue.Reader.TryRead(out var frame))
                    yield return frame;
        }
        finally
        {
            stop.Cancel();
            while (!producer.IsCompleted)
            {
                while (queue.Reader.TryRead(out _)) { }     // unblock a producer waiting for room
                Thread.Sleep(5);
            }
            producer.GetAwaiter().GetResult();              // surfaces read errors of the recording
        }
    }
}
