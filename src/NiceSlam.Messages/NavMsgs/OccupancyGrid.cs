using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.NavMsgs;

/// <summary>nav_msgs/msg/OccupancyGrid: row-major cells starting at (0, 0) (x fastest), values 0-100 (occupancy
/// probability in percent) or -1 (unknown).</summary>
public sealed record OccupancyGrid
{
    public const string TypeName = "nav_msgs/msg/OccupancyGrid";

    public Header Header { get; init; } = new();
    public MapMetaData Info { get; init; } = new();
    public sbyte[] Data { get; init; } = [];
}
