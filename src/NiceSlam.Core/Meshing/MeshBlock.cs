namespace NiceSlam.Core.Meshing;

/// <summary>One block of a <see cref="BlockLattice"/>: its integer coordinates, counted in blocks from the
/// lattice's anchor along x, y and z (negative below it).</summary>
public readonly record struct MeshBlock(int X, int Y, int Z);
