using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NiceSlam.Messages.Bus;
using NiceSlam.Node.Input;

namespace NiceSlam.Node.Workers;

/// <summary>Subscribes the input stage (camera topics) and the ground-truth table when the node starts, and
/// unsubscribes them when it stops (first of all, so no frame arrives while the loops wind down).</summary>
public sealed class InputWorker(InputStage input, GroundTruthTable groundTruth, IMessageBus bus, IOptions<NodeOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        groundTruth.Start(bus, options.Value.GroundTruthTopic);
        input.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        input.Dispose();
        groundTruth.Dispose();
        return Task.CompletedTask;
    }
}
