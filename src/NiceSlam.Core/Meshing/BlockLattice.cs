using NiceSlam.Core.Compute;
using NiceSlam.Core.Map;
using static TorchSharp.torch;

namespace NiceSlam.Core.Meshing;

/// <summary>
/// The meshing lattice (points <see cref="Voxel"/> apart, point 0 at <see cref="Anchor"/>) cut into cubic blocks of
/// <see cref="BlockCubes"/> lattice cubes a side, fixed in the world: block (bx, by, bz) owns the cubes whose
/// global indices lie in [b·B, (b + 1)·B) on each axis. A map's bounds select a range of lattice points (as
/// <see cref="Mesher.Extract"/> lays its lattice, from the bounds' minimum corner); a map that grows by whole
/// lattice steps keeps every block where it was, only the blocks on its border change their cube ranges.
/// </summary>
public sealed class BlockLattice
{
    public BlockLattice((double X, double Y, double Z) anchor, double voxel, int blockCubes)
    {
        if (!(voxel > 0) || !double.IsFinite(voxel)) throw new ArgumentOutOfRangeException(nameof(voxel), $"voxel must be finite and > 0, got {voxel}");
        if (blockCubes < 1) throw new ArgumentOutOfRangeException(nameof(blockCubes), $"a block needs at least one cube a side, got {blockCubes}");
        Anchor = anchor;
        Voxel = voxel;
        BlockCubes = blockCubes;
    }

    public (double X, double Y, double Z) Anchor { get; }
    public double Voxel { get; }
    public int BlockCubes { get; }

    /// <summary>Edge of a block, metres.</summary>
    public double BlockSize => Voxel * BlockCubes;

    /// <summary>The global index of the lattice point at a bounds' minimum corner, per axis, or null when that
    /// corner is not on this lattice (then a mesh of those bounds would not share this lattice's points).</summary>
    public (long X, long Y, long Z)? FirstPoint(Bounds3 bounds)
    {
        static long? OnLattice(double offset, double voxel)
        {
            double steps = offset / voxel;
            double rounded = Math.Round(steps);
            return Math.Abs(steps - rounded) <= 1e-4 ? (long)rounded : null;
        }
        var (x, y, z) = (OnLattice(bounds.MinX - Anchor.X, Voxel), OnLattice(bounds.MinY - Anchor.Y, Voxel), OnLattice(bounds.MinZ - Anchor.Z, Voxel));
        return x is { } gx && y is { } gy && z is { } gz ? (gx, gy, gz) : null;
    }

    /// <summary>Lattice points per axis over <paramref name="bounds"/>, as <see cref="Mesher.Extract"/> counts them.</summary>
    public (int X, int Y, int Z) PointCounts(Bounds3 bounds) =>
        ((int)Math.Floor(bounds.SizeX / Voxel) + 1, (int)Math.Floor(bounds.SizeY / Voxel) + 1, (int)Math.Floor(bounds.SizeZ / Voxel) + 1);

    /// <summary>
    /// The blocks that own cubes of a mesh over <paramref name="bounds"/>, each with the cubes it owns there as
    /// global lattice indices [start, end) per axis (so a block's range changes only when the bounds' border moves
    /// through it); empty when the bounds' corner is not on this lattice (<see cref="FirstPoint"/>) or the lattice
    /// has no cube.
    /// </summary>
    public IReadOnlyDictionary<MeshBlock, BlockCubes> BlocksOf(Bounds3 bounds)
    {
        var result = new Dictionary<MeshBlock, BlockCubes>();
        if (FirstPoint(bounds) is not { } first) return result;
        var (nx, ny, nz) = PointCounts(bounds);
        if (nx < 2 || ny < 2 || nz < 2) return result;
        var xs = Ranges(first.X, nx - 1);
        var ys = Ranges(first.Y, ny - 1);
        var zs = Ranges(first.Z, nz - 1);
        foreach (var (bz, z0, z1) in zs)
            foreach (var (by, y0, y1) in ys)
                foreach (var (bx, x0, x1) in xs)
                    result[new MeshBlock(bx, by, bz)] = new BlockCubes(x0, x1, y0, y1, z0, z1);
        return result;
    }

    /// <summary>Per block along one axis: its index and the global cube range it owns of <paramref name="cubes"/>
    /// cubes starting at global point <paramref name="first"/>.</summary>
    private List<(int Block, int Start, int End)> Ranges(long first, int cubes)
    {
        var ranges = new List<(int, int, int)>();
        long last = first + cubes;                                                     // exclusive, global
        for (long b = FloorDiv(first, BlockCubes); b * BlockCubes < last; b++)
        {
            long start = Math.Max(first, b * BlockCubes), end = Math.Min(last, (b + 1) * BlockCubes);
            ranges.Add((checked((int)b), checked((int)start), checked((int)end)));
        }
        return ranges;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    /// <summary>The world box of the lattice points a block samples (its cubes' corners, faces included).</summary>
    public Bounds3 BoxOf(BlockCubes cubes) =>
        new(Anchor.X + cubes.X0 * Voxel, Anchor.Y + cubes.Y0 * Voxel, Anchor.Z + cubes.Z0 * Voxel,
            Anchor.X + cubes.X1 * Voxel, Anchor.Y + cubes.Y1 * Voxel, Anchor.Z + cubes.Z1 * Voxel);

    /// <summary>bool [N]: whether each world point of <paramref name="points"/> [N, 3] lies in one of
    /// <paramref name="blocks"/> (a point on a shared face counts for the block above it). Tensor ops only.</summary>
    public Tensor Contains(Tensor points, IReadOnlyCollection<MeshBlock> blocks)
    {
        using var scope = NewDisposeScope();
        var device = points.device;
        if (blocks.Count == 0) return zeros(points.shape[0], ScalarType.Bool, device).MoveToOuterDisposeScope();
        int x0 = blocks.Min(b => b.X), y0 = blocks.Min(b => b.Y), z0 = blocks.Min(b => b.Z);
        int sx = blocks.Max(b => b.X) - x0 + 1, sy = blocks.Max(b => b.Y) - y0 + 1, sz = blocks.Max(b => b.Z) - z0 + 1;
        var flat = blocks.Select(b => (long)(b.X - x0) + sx * ((long)(b.Y - y0) + (long)sy * (b.Z - z0))).ToArray();
        var dense = zeros(checked(sx * sy * sz), ScalarType.Bool, device);                       // [sz * sy * sx]
        dense.index_put_(tensor(true), tensor(flat, int64, device));
        using var s = new HeldScalars();
        var anchor = tensor(new[] { Anchor.X, Anchor.Y, Anchor.Z }, float64, device);
        var index = (points.to(float64) - anchor).div(s[BlockSize]).floor().to(int64)
            - tensor(new long[] { x0, y0, z0 }, int64, device);                                  // [N, 3] blocks from the set's corner
        var size = tensor(new long[] { sx, sy, sz }, int64, device);
        var inside = ((index >= HeldScalars.Zero) & (index < size)).all(1);                                     // [N]
        var clamped = index.clamp_min(HeldScalars.Zero).minimum(size.sub(HeldScalars.One));
        var at = clamped[.., 0].add(clamped[.., 1].add(clamped[.., 2].mul(s.Integer(sy)), HeldScalars.One).mul(s.Integer(sx)), HeldScalars.One); // [N] x + sx (y + sy z)
        return (inside & dense.index_select(0, at)).MoveToOuterDisposeScope();
    }
}
