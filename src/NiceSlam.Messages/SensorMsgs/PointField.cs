namespace NiceSlam.Messages.SensorMsgs;

/// <summary>sensor_msgs/msg/PointField: one named field of a <see cref="PointCloud2"/> point.</summary>
public sealed record PointField(string Name, uint Offset, byte Datatype, uint Count)
{
    public const string TypeName = "sensor_msgs/msg/PointField";

    public const byte Int8 = 1, UInt8 = 2, Int16 = 3, UInt16 = 4, Int32 = 5, UInt32 = 6, Float32 = 7, Float64 = 8;
}
