namespace NiceSlam.Messages.GeometryMsgs;

/// <summary>geometry_msgs/msg/Twist: linear and angular velocity.</summary>
public readonly record struct Twist(Vector3 Linear, Vector3 Angular)
{
    public const string TypeName = "geometry_msgs/msg/Twist";
}
