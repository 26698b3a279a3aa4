namespace NiceSlam.Core.Map;

/// <summary>
/// A 2-D occupancy grid made by <see cref="OccupancyProjection"/>, in the frame the projection was asked for (the
/// node's z-up map frame): <see cref="Width"/> x <see cref="Height"/> square cells of <see cref="Resolution"/>
/// metres, row-major with x fastest and row 0 at the lowest y, so cell (i, j) covers
/// x in [OriginX + i res, OriginX + (i + 1) res), y in [OriginY + j res, OriginY + (j + 1) res) and is
/// <c>Cells[j * Width + i]</c>. Values: <see cref="Occupied"/> (100), <see cref="Free"/> (0), <see cref="Unknown"/> (-1).
/// </summary>
public sealed record ProjectedOccupancy(int Width, int Height, double Resolution, double OriginX, double OriginY,
    double MinHeight, double MaxHeight, sbyte[] Cells)
{
    public const sbyte Occupied = 100, Free = 0, Unknown = -1;

    /// <summary>Columns the projection evaluated (all <see cref="Width"/> x <see cref="Height"/> unless it reused a
    /// previous grid's, <see cref="OccupancyReuse"/>).</summary>
    public int EvaluatedColumns { get; init; }

    /// <summary>The value of cell (i, j): column i along x, row j along y.</summary>
    public sbyte this[int i, int j]
    {
        get
        {
            if ((uint)i >= (uint)Width || (uint)j >= (uint)Height)
                throw new ArgumentOutOfRangeException(nameof(i), $"cell ({i}, {j}) is outside the {Width} x {Height} grid");
            return Cells[j * Width + i];
        }
    }
}
