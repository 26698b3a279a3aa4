using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.NavMsgs;

/// <summary>nav_msgs/msg/Path: a sequence of stamped poses.</summary>
public sealed record Path
{
    public const string TypeName = "nav_msgs/msg/Path";

    public Header Header { get; init; } = new();
    public PoseStamped[] Poses { get; init; } = [];
}
