using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Meshing;
using NiceSlam.Core.Slam;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Map;

public class OccupancyProjectionTests
{
    // The node's z-up map: map (x, y, z) = (optical z, -optical x, -optical y) of the first camera.
    private static readonly RigidTransform MapFromWorld = new([0, 0, 1, -1, 0, 0, 0, -1, 0], 0, 0, 0);

    // World box x, y in [-1, 1], z in [0, 2]: in map, x in [0, 2], y in [-1, 1]. With 0.5 m cells: 4 x 4 cells,
    // origin (0, -1), cell centres x = 0.25, 0.75, 1.25, 1.75 and y = -0.75, -0.25, 0.25, 0.75.
    private static readonly Bounds3 World = new(-1, -1, 0, 1, 1, 2);

    /// <summary>Logit +1 inside two map boxes, -1 elsewhere: a low box x in [1, 1.5], y in [0, 0.5], z in [0, 0.5]
    /// (cell (2, 2)) and a high one x in [1, 1.5], y in [-1, -0.5], z in [0.6, 1] (cell (2, 0), above the slice).</summary>
    private static Tensor Boxes(Tensor world)
    {
        var x = world[.., 2];
        var y = -world[.., 0];
        var z = -world[.., 1];
        var low = (x >= 1) & (x <= 1.5) & (y >= 0) & (y <= 0.5) & (z >= 0) & (z <= 0.5);
        var high = (x >= 1) & (x <= 1.5) & (y >= -1) & (y <= -0.5) & (z >= 0.6) & (z <= 1);
        return where(low | high, 1f, -1f);
    }

    /// <summary>The first camera (identity pose) seeing a wall 1 m ahead: 8 x 8 pixels, f = 4, c = 3.5, so a point
    /// is inside the image when |x / z| and |y / z| &lt;= 3.5 / 4 = 0.875.</summary>
    private static FrameTensors Wall()
    {
        var k = new CameraIntrinsics(8, 8, 4, 4, 3.5, 3.5);
        return new FrameTensors(new RgbdFrame(0, 0, new byte[8 * 8 * 3], Enumerable.Repeat(1f, 64).ToArray(), k), CPU);
    }

    [Theory]
    [InlineData(OccupancyProjection.DefaultChunkPoints)]
    [InlineData(2)]                                                                     // one column per chunk
    public void A_box_in_view_is_occupied_unseen_columns_are_unknown_and_the_rest_free(int chunk)
    {
        using var wall = Wall();
        // Heights -0.5..0.5 at 0.5 m give 2 layers, z = -0.25 and 0.25. Margin 0.3 behind the 1 m wall: depth <= 1.3.
        var grid = OccupancyProjection.Project(Boxes, World, CPU, [new CullingView(wall, RigidTransform.Identity)], MapFromWorld,
            minHeight: -0.5, maxHeight: 0.5, resolution: 0.5, cullMargin: 0.3, chunkPoints: chunk);

        Assert.Equal((4, 4, 0.5), (grid.Width, grid.Height, grid.Resolution));
        Assert.Equal(0, grid.OriginX, 12);
        Assert.Equal(-1, grid.OriginY, 12);
        // Column x = 0.25: |y / x| >= 1 for every centre -> outside the image -> unknown.
        // Column x = 0.75: y = ±0.25 gives |y / x| = 0.33 (seen), y = ±0.75 gives 1 (not seen); |z / x| = 0.33.
        // Column x = 1.25: |y / x| <= 0.6, |z / x| = 0.2, depth 1.25 <= 1.3: all seen; the low box is cell (2, 2);
        //   the high box (2, 0) lies above the 0.5 m slice, so that cell is free.
        // Column x = 1.75: depth 1.75 > 1 + 0.3, behind the wall -> unknown.
        sbyte[] expected =
        [
            -1, -1,   0, -1,    // row 0, y = -0.75
            -1,  0,   0, -1,    // row 1, y = -0.25
            -1,  0, 100, -1,    // row 2, y =  0.25
            -1, -1,   0, -1,    // row 3, y =  0.75
        ];
        Assert.Equal(expected, grid.Cells);
        Assert.Equal(ProjectedOccupancy.Occupied, grid[2, 2]);
    }

    [Fact]
    public void A_taller_slice_catches_the_high_box_too()
    {
        using var wall = Wall();
        // Heights -0.5..1.0: 3 layers at -0.25, 0.25 and 0.75; 0.75 is inside the high box (z in [0.6, 1]) and
        // seen (|z / x| = 0.6 at x = 1.25).
        var grid = OccupancyProjection.Project(Boxes, World, CPU, [new CullingView(wall, RigidTransform.Identity)], MapFromWorld,
            -0.5, 1.0, 0.5, 0.3);
        Assert.Equal(100, grid[2, 0]);
        Assert.Equal(100, grid[2, 2]);
        Assert.Equal(0, grid[2, 1]);
    }

    [Fact]
    public void Without_views_every_cell_of_a_map_is_unknown_and_bad_arguments_are_rejected()
    {
        using var map = HierarchicalMap.Create(new Bounds3(-0.5, -0.5, 0, 0.5, 0.5, 1), SlamPresets.Cpu(), new NiceDecoders(new Generator(1)), new Generator(2));
        var grid = OccupancyProjection.Project(map, [], MapFromWorld, -0.2, 0.2, 0.25, 0.1);
        // Map footprint: x = world z over the rounded-up bounds, y = -world x.
        Assert.Equal((int)Math.Ceiling(map.Bounds.SizeZ / 0.25 - 1e-9), grid.Width);
        Assert.Equal((int)Math.Ceiling(map.Bounds.SizeX / 0.25 - 1e-9), grid.Height);
        Assert.Equal(map.Bounds.MinZ, grid.OriginX, 9);
        Assert.Equal(-map.Bounds.MaxX, grid.OriginY, 9);
        Assert.All(grid.Cells, c => Assert.Equal(ProjectedOccupancy.Unknown, c));

        Assert.Throws<ArgumentException>(() => OccupancyProjection.Project(map, [], MapFromWorld, 0.5, 0.2, 0.25, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => OccupancyProjection.Project(map, [], MapFromWorld, 0, 1, 0, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => OccupancyProjection.Project(map, [], MapFromWorld, 0, 1, 0.25, -1));
    }
}
