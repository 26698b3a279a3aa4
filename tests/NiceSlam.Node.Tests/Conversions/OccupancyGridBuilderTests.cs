using NiceSlam.Core.Map;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Node.Conversions;

namespace NiceSlam.Node.Tests.Conversions;

public class OccupancyGridBuilderTests
{
    [Fact]
    public void A_three_by_two_grid_is_row_major_with_x_fastest_from_the_lowest_y()
    {
        // 3 columns (x) by 2 rows (y), 0.5 m cells, corner of cell (0, 0) at (-1, 2). Occupied: cell (1, 0)
        // (x in [-0.5, 0), lowest row) and cell (2, 1) (x in [0, 0.5), y in [2.5, 3)); unknown: cell (0, 1).
        // Index = row * width + column: (1, 0) -> 1, (2, 1) -> 5, (0, 1) -> 3.
        sbyte[] cells = [0, 100, 0, -1, 0, 100];
        var grid = new ProjectedOccupancy(3, 2, 0.5, -1, 2, 0.1, 1.0, cells);
        Assert.Equal(100, grid[1, 0]);
        Assert.Equal(100, grid[2, 1]);
        Assert.Equal(-1, grid[0, 1]);

        var header = new Header(new Time(4, 0), "map");
        var msg = OccupancyGridBuilder.Build(grid, header);

        Assert.Equal([0, 100, 0, -1, 0, 100], msg.Data);
        Assert.Equal(3u, msg.Info.Width);
        Assert.Equal(2u, msg.Info.Height);
        Assert.Equal(0.5f, msg.Info.Resolution);
        Assert.Equal(new Point(-1, 2, 0.1), msg.Info.Origin.Position);
        Assert.Equal(Quaternion.Identity, msg.Info.Origin.Orientation);
        Assert.Equal("map", msg.Header.FrameId);
        Assert.Equal(new Time(4, 0), msg.Info.MapLoadTime);
        Assert.NotSame(cells, msg.Data);                                                 // the message owns its copy
    }

    [Fact]
    public void A_grid_whose_cells_do_not_match_its_size_is_rejected()
    {
        var grid = new ProjectedOccupancy(3, 2, 0.5, 0, 0, 0, 1, new sbyte[5]);
        Assert.Throws<ArgumentException>(() => OccupancyGridBuilder.Build(grid, new Header()));
    }
}
