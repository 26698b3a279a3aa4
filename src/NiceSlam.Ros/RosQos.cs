using NiceSlam.Messages.Bus;

namespace NiceSlam.Ros;

/// <summary>Maps the node's <see cref="QosProfile"/> onto rcldotnet's <see cref="ROS2.QosProfile"/>: history
/// keep-last with the same depth, the same reliability and durability; deadline, lifespan and liveliness stay at
/// the rmw defaults (rcldotnet's <c>QosProfile.KeepLast</c> starts from rmw_qos_profile_default).</summary>
public static class RosQos
{
    public static ROS2.QosProfile ToRos(QosProfile qos)
    {
        ArgumentNullException.ThrowIfNull(qos);
        if (qos.Depth < 1) throw new ArgumentException($"QoS depth must be >= 1 for keep-last history, got {qos.Depth}", nameof(qos));
        return ROS2.QosProfile.KeepLast(qos.Depth)
            .WithReliability(qos.Reliability switch
            {
                QosReliability.Reliable => ROS2.QosReliabilityPolicy.Reliable,
                QosReliability.BestEffort => ROS2.QosReliabilityPolicy.BestEffort,
                _ => throw new ArgumentException($"unknown reliability {qos.Reliability}", nameof(qos)),
            })
            .WithDurability(qos.Durability switch
            {
                QosDurability.Volatile => ROS2.QosDurabilityPolicy.Volatile,
                QosDurability.TransientLocal => ROS2.QosDurabilityPolicy.TransientLocal,
                _ => throw new ArgumentException($"unknown durability {qos.Durability}", nameof(qos)),
            });
    }
}
