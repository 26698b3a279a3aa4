namespace NiceSlam.Messages.Bus;

public enum QosReliability { Reliable, BestEffort }

public enum QosDurability { Volatile, TransientLocal }

/// <summary>The quality-of-service settings of a topic, in ROS 2 terms: history keep-last <see cref="Depth"/>, or with
/// <see cref="KeepAll"/> keep-all with at most <see cref="Depth"/> samples waiting to be taken (a reliable publisher then
/// waits for room instead of overwriting: flow control from the subscriber to the publisher).</summary>
public sealed record QosProfile(QosReliability Reliability, QosDurability Durability, int Depth, bool KeepAll = false)
{
    /// <summary>A recording replayed to the node (`ros2 bag play` with reliable keep-all overrides): reliable,
    /// volatile, keep all with at most 4 samples waiting, so that a player faster than the node is held back by DDS
    /// flow control instead of losing frames.</summary>
    public static QosProfile ReplayInput { get; } = new(QosReliability.Reliable, QosDurability.Volatile, 4, KeepAll: true);

    /// <summary>rclcpp's SensorDataQoS: best effort, volatile, keep last 5 (camera streams).</summary>
    public static QosProfile SensorData { get; } = new(QosReliability.BestEffort, QosDurability.Volatile, 5);

    /// <summary>Reliable, volatile, keep last 10 (status, odometry, path).</summary>
    public static QosProfile Default { get; } = new(QosReliability.Reliable, QosDurability.Volatile, 10);

    /// <summary>Reliable, transient local, keep last 1: map-like topics a late subscriber (RViz) must still get.</summary>
    public static QosProfile MapLike { get; } = new(QosReliability.Reliable, QosDurability.TransientLocal, 1);

    /// <summary>What tf2's broadcaster uses on /tf: reliable, volatile, keep last 100.</summary>
    public static QosProfile Tf { get; } = new(QosReliability.Reliable, QosDurability.Volatile, 100);

    /// <summary>/tf_static: reliable, transient local, keep last 1.</summary>
    public static QosProfile TfStatic { get; } = new(QosReliability.Reliable, QosDurability.TransientLocal, 1);

    /// <summary>ROS 2's compatibility rule: a reliable subscription gets nothing from a best-effort publisher, a
    /// transient-local subscription nothing from a volatile one.</summary>
    public bool CanReceiveFrom(QosProfile publisher) =>
        !(Reliability == QosReliability.Reliable && publisher.Reliability == QosReliability.BestEffort) &&
        !(Durability == QosDurability.TransientLocal && publisher.Durability == QosDurability.Volatile);
}
