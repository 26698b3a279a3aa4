using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.SensorMsgs;

/// <summary>sensor_msgs/msg/Image: an uncompressed image, <see cref="Step"/> bytes a row (rows may be padded).</summary>
public sealed record Image
{
    public const string TypeName = "sensor_msgs/msg/Image";

    public Header Header { get; init; } = new();
    public uint Height { get; init; }
    public uint Width { get; init; }
    /// <summary>rgb8, bgr8, rgba8, bgra8, mono8, mono16, 16UC1, 32FC1, … (sensor_msgs/image_encodings).</summary>
    public string Encoding { get; init; } = "";
    /// <summary>1 when multi-byte pixel values are big-endian.</summary>
    public byte IsBigEndian { get; init; }
    /// <summary>Bytes a row.</summary>
    public uint Step { get; init; }
    public byte[] Data { get; init; } = [];
}
