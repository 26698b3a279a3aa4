using NiceSlam.Core.Map;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Node.Conversions;

/// <summary>
/// nav_msgs/OccupancyGrid of a <see cref="ProjectedOccupancy"/> (computed in the map frame): row-major with x
/// fastest and row 0 at the lowest y, origin = the corner of cell (0, 0) at z = the projection's min height,
/// identity orientation.
/// </summary>
public static class OccupancyGridBuilder
{
    public static OccupancyGrid Build(ProjectedOccupancy grid, Header header)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(header);
        if (grid.Width <= 0 || grid.Height <= 0 || grid.Cells.Length != checked(grid.Width * grid.Height))
            throw new ArgumentException($"a {grid.Width} x {grid.Height} grid needs {grid.Width * grid.Height} cells, got {grid.Cells.Length}", nameof(grid));
        return new OccupancyGrid
        {
            Header = header,
            Info = new MapMetaData
            {
                MapLoadTime = header.Stamp,
                Resolution = (float)grid.Resolution,
                Width = (uint)grid.Width,
                Height = (uint)grid.Height,
                Origin = new Pose(new Point(grid.OriginX, grid.OriginY, grid.MinHeight), Quaternion.Identity),
            },
            Data = (sbyte[])grid.Cells.Clone(),
        };
    }
}
