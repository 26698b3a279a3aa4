using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.GeometryMsgs;

/// <summary>geometry_msgs/msg/PoseStamped.</summary>
public sealed record PoseStamped
{
    public const string TypeName = "geometry_msgs/msg/PoseStamped";

    public Header Header { get; init; } = new();
    public Pose Pose { get; init; } = Pose.Identity;
}
