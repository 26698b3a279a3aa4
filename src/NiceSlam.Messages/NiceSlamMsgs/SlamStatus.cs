using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.NiceSlamMsgs;

/// <summary>nice_slam_msgs/msg/SlamStatus (msg/msg/SlamStatus.msg): the node's counters, published at a rate.</summary>
public sealed record SlamStatus
{
    public const string TypeName = "nice_slam_msgs/msg/SlamStatus";

    public const byte StateWaiting = 0, StateTracking = 1, StateLost = 2, StatePaused = 3;

    public Header Header { get; init; } = new();
    public byte State { get; init; }
    public ulong FramesReceived { get; init; }
    public ulong FramesTracked { get; init; }
    public ulong FramesDropped { get; init; }
    public ulong FramesRejected { get; init; }
    public uint Keyframes { get; init; }
    public float TrackingMs { get; init; }
    public float MappingMs { get; init; }
    /// <summary>Front ends that render: the last frame's final rendering loss; 0 when no rendering ran.</summary>
    public float TrackingLoss { get; init; }
    public string Device { get; init; } = "";
    /// <summary>Empty while frames arrive; otherwise why no frame was assembled for a while (what arrived, stamp
    /// skew, encodings, the image topics that can be discovered).</summary>
    public string InputDiagnosis { get; init; } = "";
    /// <summary>From a frame's stamp to its tracked pose on tf (the node's clock), median over the last 100 tracked
    /// frames; 0 before the first.</summary>
    public float LatencyMedianMs { get; init; }
    /// <summary>The same latency's 95th percentile.</summary>
    public float LatencyP95Ms { get; init; }
    /// <summary>Seconds of camera time mapping is behind tracking: the newest tracked frame's stamp minus the newest
    /// mapped frame's (0 when caught up).</summary>
    public float MappingLagS { get; init; }
    /// <summary>Loose scheduling: mapping frames replaced by a newer one before the mapper took them.</summary>
    public ulong MappingSuperseded { get; init; }
    /// <summary>Front ends with odometry: the last frame's share of overlapping points that are ICP inliers (0..1);
    /// 0 when no odometry ran.</summary>
    public float OdometryInlierShare { get; init; }
    /// <summary>The same alignment's robust depth residual scale σ_D, millimetres; 0 when no odometry ran.</summary>
    public float OdometryDepthResidualMm { get; init; }
}
