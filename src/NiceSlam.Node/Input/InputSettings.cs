using NiceSlam.Core.Frames;

namespace NiceSlam.Node.Input;

/// <summary>What the <see cref="InputStage"/> subscribes to and how it turns messages into frames. Defaults are a
/// RealSense driver's topics with depth aligned to colour.</summary>
public sealed record InputSettings
{
    /// <summary>sensor_msgs/Image colour topic (rgb8, bgr8, rgba8, bgra8 or mono8).</summary>
    public string ColorTopic { get; init; } = "/camera/color/image_raw";

    /// <summary>sensor_msgs/Image depth topic registered to colour (16UC1, mono16 or 32FC1).</summary>
    public string DepthTopic { get; init; } = "/camera/aligned_depth_to_color/image_raw";

    /// <summary>sensor_msgs/CameraInfo of the colour camera.</summary>
    public string CameraInfoTopic { get; init; } = "/camera/color/camera_info";

    /// <summary>Messages a stream the synchronizer keeps while looking for a partner.</summary>
    public int SyncQueueSize { get; init; } = 10;

    /// <summary>Largest stamp difference of a colour/depth pair, seconds.</summary>
    public double SyncMaxIntervalSeconds { get; init; } = 0.02;

    /// <summary>Metres per unit of 16-bit depth (0.001: millimetres).</summary>
    public double DepthScale { get; init; } = 0.001;

    /// <summary>Optional hook run on every assembled frame before it is queued (resize, crop, undistort, …);
    /// it may throw <see cref="InputRejectedException"/> to refuse a frame.</summary>
    public Func<RgbdFrame, RgbdFrame>? Preprocess { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        foreach (var (name, topic) in new[] { (nameof(ColorTopic), ColorTopic), (nameof(DepthTopic), DepthTopic), (nameof(CameraInfoTopic), CameraInfoTopic) })
            if (string.IsNullOrWhiteSpace(topic)) throw new ArgumentException($"{name} must name a topic, got '{topic}'", name);
        if (ColorTopic == DepthTopic) throw new ArgumentException($"colour and depth topics must differ, both are '{ColorTopic}'", nameof(DepthTopic));
        if (SyncQueueSize < 1) throw new ArgumentException($"{nameof(SyncQueueSize)} must be at least 1, got {SyncQueueSize}", nameof(SyncQueueSize));
        if (!(SyncMaxIntervalSeconds >= 0)) throw new ArgumentException($"{nameof(SyncMaxIntervalSeconds)} must be >= 0, got {SyncMaxIntervalSeconds}", nameof(SyncMaxIntervalSeconds));
        if (!(DepthScale > 0) || !double.IsFinite(DepthScale)) throw new ArgumentException($"{nameof(DepthScale)} must be finite and positive, got {DepthScale}", nameof(DepthScale));
    }
}
