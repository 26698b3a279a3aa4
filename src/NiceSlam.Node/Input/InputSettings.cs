using NiceSlam.Core.Frames;

namespace NiceSlam.Node.Input;

/// <summary>What the <see cref="InputStage"/> subscribes to and how it turns messages into frames: the node's
/// input settings (<see cref="From"/>), checked there (<see cref="NodeOptions.Problems"/>).</summary>
public sealed record InputSettings
{
    /// <summary>sensor_msgs/Image colour topic (rgb8, bgr8, rgba8, bgra8 or mono8).</summary>
    public required string ColorTopic { get; init; }

    /// <summary>sensor_msgs/Image depth topic registered to colour (16UC1, mono16 or 32FC1).</summary>
    public required string DepthTopic { get; init; }

    /// <summary>sensor_msgs/CameraInfo of the colour camera.</summary>
    public required string CameraInfoTopic { get; init; }

    /// <summary>What the queue does when the tracker is behind and how tracking and mapping are scheduled, and why
    /// (for the first log lines).</summary>
    public string Scheduling { get; init; } = "";

    /// <summary>Called with each queued frame's stamp (seconds) as it is queued: when the node received it.</summary>
    public Action<double>? FrameQueued { get; init; }

    /// <summary>QoS of the three subscriptions (sensor data by default; reliable keep-all for a paced replay).</summary>
    public Messages.Bus.QosProfile Qos { get; init; } = Messages.Bus.QosProfile.SensorData;

    /// <summary>Messages a stream the synchronizer keeps while looking for a partner.</summary>
    public int SyncQueueSize { get; init; } = NodeOptions.DefaultSyncQueueSize;

    /// <summary>Largest stamp difference of a colour/depth pair, seconds.</summary>
    public double SyncMaxIntervalSeconds { get; init; } = NodeOptions.DefaultSyncMaxInterval;

    /// <summary>Metres per unit of 16-bit depth (0.001: millimetres).</summary>
    public double DepthScale { get; init; } = NodeOptions.DefaultDepthScale;

    /// <summary>Optional hook run on every assembled frame before it is queued (resize, crop, undistort, …);
    /// it may throw <see cref="InputRejectedException"/> to refuse a frame.</summary>
    public Func<RgbdFrame, RgbdFrame>? Preprocess { get; init; }

    /// <summary>The input settings of the node's settings <paramref name="o"/>, frames finished by <paramref name="prepare"/>.</summary>
    public static InputSettings From(NodeOptions o, Func<RgbdFrame, RgbdFrame>? prepare, Action<double>? frameQueued = null) => new()
    {
        FrameQueued = frameQueued,
        ColorTopic = o.ColorTopic,
        DepthTopic = o.DepthTopic,
        CameraInfoTopic = o.CameraInfoTopic,
        Qos = o.InputQosProfile,
        Scheduling = o.SchedulingReason,
        SyncQueueSize = o.SyncQueueSize,
        SyncMaxIntervalSeconds = o.SyncMaxInterval,
        DepthScale = o.DepthScale,
        Preprocess = prepare,
    };
}
