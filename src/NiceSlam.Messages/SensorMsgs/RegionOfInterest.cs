namespace NiceSlam.Messages.SensorMsgs;

/// <summary>sensor_msgs/msg/RegionOfInterest.</summary>
public readonly record struct RegionOfInterest(uint XOffset, uint YOffset, uint Height, uint Width, bool DoRectify)
{
    public const string TypeName = "sensor_msgs/msg/RegionOfInterest";
}
