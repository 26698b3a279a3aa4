namespace NiceSlam.Messages.GeometryMsgs;

/// <summary>geometry_msgs/msg/Quaternion: x, y, z, w in that order on the wire (ROS order, not w-first).</summary>
public readonly record struct Quaternion(double X, double Y, double Z, double W)
{
    public const string TypeName = "geometry_msgs/msg/Quaternion";
    public static Quaternion Identity { get; } = new(0, 0, 0, 1);
}
