namespace NiceSlam.Messages.GeometryMsgs;

/// <summary>geometry_msgs/msg/Point.</summary>
public readonly record struct Point(double X, double Y, double Z)
{
    public const string TypeName = "geometry_msgs/msg/Point";
}
