using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Foxglove;
using NiceSlam.Messages.Bus;

namespace NiceSlam.Node.Outputs;

/// <summary>
/// The live view without ROS: with foxglove_port set, the node's bus is tapped (<see cref="FoxgloveBusTap"/>, over
/// any transport) and a Foxglove WebSocket server on foxglove_address:foxglove_port shows every topic the node
/// publishes or subscribes to, and offers its services. Off (port 0): nothing is tapped, nothing listens.
/// </summary>
public sealed class FoxgloveLiveView(IServiceProvider services, IOptions<NodeOptions> options) : IHostedService
{
    /// <summary>Registers the server; it is created only when the setting asks for it.</summary>
    public static void Register(IServiceCollection services) =>
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<NodeOptions>>().Value;
            return new FoxgloveServer(new FoxgloveServerOptions { Address = o.FoxgloveAddress, Port = o.FoxglovePort },
                sp.GetRequiredService<ILoggerFactory>());
        });

    /// <summary>The transport's bus, tapped for the server when foxglove_port is set.</summary>
    public static IMessageBus Decorate(IServiceProvider services, IMessageBus bus) =>
        services.GetRequiredService<IOptions<NodeOptions>>().Value.FoxglovePort > 0
            ? FoxgloveBusTap.Wrap(bus, services.GetRequiredService<FoxgloveServer>())
            : bus;

    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.FoxglovePort > 0 ? services.GetRequiredService<FoxgloveServer>().StartAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        options.Value.FoxglovePort > 0 ? services.GetRequiredService<FoxgloveServer>().StopAsync(cancellationToken) : Task.CompletedTask;
}
