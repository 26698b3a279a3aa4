namespace NiceSlam.Messages.GeometryMsgs;

/// <summary>geometry_msgs/msg/Transform: translation and rotation.</summary>
public readonly record struct Transform(Vector3 Translation, Quaternion Rotation)
{
    public const string TypeName = "geometry_msgs/msg/Transform";
    public static Transform Identity { get; } = new(default, Quaternion.Identity);
}
