namespace NiceSlam.Messages.GeometryMsgs;

/// <summary>geometry_msgs/msg/Vector3 (also the layout of geometry_msgs/msg/Point).</summary>
public readonly record struct Vector3(double X, double Y, double Z)
{
    public const string TypeName = "geometry_msgs/msg/Vector3";
}
