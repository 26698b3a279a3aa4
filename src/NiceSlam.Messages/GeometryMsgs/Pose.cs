namespace NiceSlam.Messages.GeometryMsgs;

/// <summary>geometry_msgs/msg/Pose: position and orientation.</summary>
public readonly record struct Pose(Point Position, Quaternion Orientation)
{
    public const string TypeName = "geometry_msgs/msg/Pose";
    public static Pose Identity { get; } = new(default, Quaternion.Identity);
}
