using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Bags;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.NavMsgs;
using Path = System.IO.Path;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;

namespace NiceSlam.Node.Outputs;

/// <summary>
/// Records the node's outputs (tf, path, odometry, status, occupancy grid) into an MCAP rosbag2 bag at
/// record_outputs, so that a replay leaves a bag RViz (ros2 bag play) or Foxglove can open. Messages are logged at
/// their header stamps (the recording's clock on replays). The bag is closed when the node stops.
/// </summary>
public sealed class OutputBagRecorder(IMessageBus bus, IOptions<NodeOptions> options, ILogger<OutputBagRecorder> logger) : IHostedService
{
    private readonly object gate = new();
    private readonly List<IDisposable> subscriptions = [];
    private MessageBagWriter? writer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.RecordOutputs.Length == 0) return Task.CompletedTask;
        writer = new MessageBagWriter(BagFolder.Create(o.RecordOutputs, BagStorage.Mcap));
        Record<TFMessage>("/tf", QosProfile.Tf, m => m.Transforms.Length > 0 ? m.Transforms[0].Header.Stamp : bus.Now());
        Record<NiceSlam.Messages.NavMsgs.Path>(o.Topic("path"), QosProfile.MapLike, m => m.Header.Stamp);
        Record<Odometry>(o.Topic("odometry"), QosProfile.Default, m => m.Header.Stamp);
        Record<SlamStatus>(o.Topic("status"), QosProfile.Default, m => m.Header.Stamp);
        Record<OccupancyGrid>(o.Topic("occupancy"), QosProfile.MapLike, m => m.Header.Stamp);
        logger.LogInformation("recording the outputs to {Bag}", Path.GetFullPath(o.RecordOutputs));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var s in subscriptions) s.Dispose();
        long written;
        lock (gate)
        {
            if (writer is null) return Task.CompletedTask;
            written = writer.Written;
            writer.Dispose();
            writer = null;
        }
        logger.LogInformation("recorded {Count} output messages to {Bag}", written, Path.GetFullPath(options.Value.RecordOutputs));
        return Task.CompletedTask;
    }

    private void Record<T>(string topic, QosProfile qos, Func<T, Time> stamp) where T : class =>
        subscriptions.Add(bus.Subscribe<T>(topic, qos, message =>
        {
            try
            {
                lock (gate) writer?.Write(topic, stamp(message), message);
            }
            catch (Exception e) when (e is IOException or BagException or CdrException)
            {
                logger.LogError("could not record {Topic}: {Reason}", topic, e.Message);
            }
        }));
}
