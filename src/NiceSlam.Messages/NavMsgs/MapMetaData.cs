using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.NavMsgs;

/// <summary>nav_msgs/msg/MapMetaData: the grid's load time, cell size (m), size in cells and the pose of cell
/// (0, 0)'s corner in the map frame.</summary>
public sealed record MapMetaData
{
    public const string TypeName = "nav_msgs/msg/MapMetaData";

    public Time MapLoadTime { get; init; }
    public float Resolution { get; init; }
    public uint Width { get; init; }
    public uint Height { get; init; }
    public Pose Origin { get; init; } = Pose.Identity;
}
