namespace NiceSlam.Core.Slam;

/// <summary>One feature grid of a saved map: its nominal voxel size (metres), the shape of its values
/// [1, C, Z, Y, X], the values in that (row-major) order and the grid's own bounds (null in maps saved before grids
/// could grow: then the map's bounds, and for the coarse grid the map's bounds x2).</summary>
public sealed record GridState(double VoxelSize, long[] Shape, float[] Values, Map.Bounds3? Bounds = null)
{
    /// <summary>Throws <see cref="ArgumentException"/> when the shape is not [1, C, Z, Y, X] or does not match the
    /// number of values.</summary>
    public void Validate(string name)
    {
        if (Shape is null || Values is null) throw new ArgumentException($"{name} grid: shape and values are required");
        if (!(VoxelSize > 0) || !double.IsFinite(VoxelSize)) throw new ArgumentException($"{name} grid: voxel size must be finite and > 0, got {VoxelSize}");
        if (Shape.Length != 5 || Shape[0] != 1 || Shape.Any(d => d < 1))
            throw new ArgumentException($"{name} grid: shape must be [1, C, Z, Y, X] with every size >= 1, got [{string.Join(", ", Shape)}]");
        if (Bounds is { } bounds)
        {
            try { bounds.Validate(); }
            catch (ArgumentException e) { throw new ArgumentException($"{name} grid: {e.Message}"); }
        }
        long count = Shape.Aggregate(1L, (a, b) => a * b);
        if (count != Values.Length) throw new ArgumentException($"{name} grid: shape [{string.Join(", ", Shape)}] needs {count} values, got {Values.Length}");
    }
}
