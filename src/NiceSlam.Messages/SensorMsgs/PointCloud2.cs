using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.SensorMsgs;

/// <summary>sensor_msgs/msg/PointCloud2: <see cref="Height"/> x <see cref="Width"/> points of
/// <see cref="PointStep"/> bytes each, laid out by <see cref="Fields"/>.</summary>
public sealed record PointCloud2
{
    public const string TypeName = "sensor_msgs/msg/PointCloud2";

    public Header Header { get; init; } = new();
    public uint Height { get; init; }
    public uint Width { get; init; }
    public PointField[] Fields { get; init; } = [];
    public bool IsBigEndian { get; init; }
    public uint PointStep { get; init; }
    public uint RowStep { get; init; }
    public byte[] Data { get; init; } = [];
    /// <summary>True when no point is invalid (NaN).</summary>
    public bool IsDense { get; init; }
}
