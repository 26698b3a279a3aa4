using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.NavMsgs;

/// <summary>nav_msgs/msg/Odometry: pose in <see cref="Header"/>.FrameId, twist in <see cref="ChildFrameId"/>.</summary>
public sealed record Odometry
{
    public const string TypeName = "nav_msgs/msg/Odometry";

    public Header Header { get; init; } = new();
    public string ChildFrameId { get; init; } = "";
    public PoseWithCovariance Pose { get; init; } = new();
    public TwistWithCovariance Twist { get; init; } = new();
}
