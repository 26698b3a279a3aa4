namespace NiceSlam.Core.Meshing;

/// <summary>The lattice cubes a block owns, as global lattice indices (0 at the lattice's anchor) [start, end) per
/// axis; it samples the lattice points [start, end] (one beyond, shared with the next block, so the surface
/// stitches).</summary>
public readonly record struct BlockCubes(int X0, int X1, int Y0, int Y1, int Z0, int Z1)
{
    /// <summary>Lattice points the block samples per axis.</summary>
    public (int X, int Y, int Z) PointCounts => (X1 - X0 + 1, Y1 - Y0 + 1, Z1 - Z0 + 1);

    public long PointCount => (long)(X1 - X0 + 1) * (Y1 - Y0 + 1) * (Z1 - Z0 + 1);
}
