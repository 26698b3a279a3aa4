using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.SensorMsgs;

/// <summary>sensor_msgs/msg/CompressedImage: an encoded image ("jpeg", "png", or image_transport's
/// "rgb8; jpeg compressed bgr8" style).</summary>
public sealed record CompressedImage
{
    public const string TypeName = "sensor_msgs/msg/CompressedImage";

    public Header Header { get; init; } = new();
    public string Format { get; init; } = "";
    public byte[] Data { get; init; } = [];
}
