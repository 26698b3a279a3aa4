using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Dds;
using NiceSlam.Dds.Ros;
using NiceSlam.Messages.Bus;
using NiceSlam.Node.Sources;

namespace NiceSlam.Node.Transport;

/// <summary>
/// Chooses the node's <see cref="IMessageBus"/> by the transport setting: the in-process <see cref="LoopbackBus"/>
/// or the Cyclone DDS bus (<see cref="DdsMessageBus"/>, ROS 2 on the wire without a ROS install). The rcldotnet bus
/// is passed in by its own executable (src/NiceSlam.Ros), which is built in a ROS 2 workspace.
/// </summary>
public static class MessageBusFactory
{
    /// <summary>Registers <see cref="TransportOptions"/> and, unless the caller brings its own bus, the bus the
    /// transport setting chooses; <paramref name="decorate"/> may wrap either (an observer beside the transport, e.g.
    /// the Foxglove live view).</summary>
    public static void Register(IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration, IMessageBus? bus,
        Func<IServiceProvider, IMessageBus, IMessageBus>? decorate = null)
    {
        services.AddOptions<TransportOptions>()
            .Bind(configuration.GetSection(NodeOptions.Section))
            .Validate(o => { o.Validate(); return true; })
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var chosen = bus ?? Create(sp);
            return decorate is null ? chosen : decorate(sp, chosen);
        });
    }

    private static IMessageBus Create(IServiceProvider services)
    {
        var o = services.GetRequiredService<IOptions<TransportOptions>>().Value;
        o.Validate();
        var clock = services.GetRequiredService<ReplayClock>();
        switch (o.Transport)
        {
            case "loopback":
                return new LoopbackBus(clock.Now);
            case "dds":
                var identity = services.GetService<RosNodeIdentity>() ?? new RosNodeIdentity();
                var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("NiceSlam.Dds");
                var options = new DdsBusOptions
                {
                    DomainId = o.ResolveDomainId(),
                    Distro = RosDistros.Parse(o.RosDistro),
                    NodeName = identity.Name,
                    NodeNamespace = identity.Namespace,
                    CycloneConfig = o.DdsConfig.Length > 0 ? o.DdsConfig
                        : o.DdsNetworkInterface.Length > 0 ? CycloneConfig.ForInterface(o.DdsNetworkInterface)
                        : null,
                    UseSimTime = o.UseSimTime,
                    Clock = clock.Now,
                    OnError = (what, e) => logger.LogWarning("dds: {What}: {Reason}", what, e.Message),
                };
                try
                {
                    var dds = new DdsMessageBus(options);
                    logger.LogInformation("dds: Cyclone DDS {Version}, domain {Domain}, {Distro} conventions, node {Namespace}{Separator}{Name}, {Network}",
                        dds.Participant.CycloneVersion, options.DomainId, o.RosDistro, identity.Namespace, identity.Namespace.EndsWith('/') ? "" : "/", identity.Name,
                        o.DdsConfig.Length > 0 ? "dds_config" : o.DdsNetworkInterface.Length > 0 ? "interface " + o.DdsNetworkInterface : "CYCLONEDDS_URI or Cyclone's default interface");
                    return dds;
                }
                catch (Exception e) when (e is DdsUnavailableException or DdsException)
                {
                    throw new InvalidOperationException("transport dds: " + e.Message, e);
                }
            default:
                throw new InvalidOperationException(
                    "transport rcldotnet is the nice_slam_node executable of a ROS 2 workspace (src/NiceSlam.Ros, see ros2_ws/README.md); " +
                    "this executable speaks ROS 2 with transport dds");
        }
    }
}
