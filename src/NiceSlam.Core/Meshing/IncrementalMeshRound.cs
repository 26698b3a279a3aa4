namespace NiceSlam.Core.Meshing;

/// <summary>
/// One round of an <see cref="IncrementalMesher"/>: the whole mesh, how many of the blocks holding it were marched
/// again (their lattice sampled and marching cubes run), culled again and coloured again this round, the blocks in
/// all, whether everything was redone (the first round, a reset or load, a changed geometry decoder, bounds off
/// the lattice), and the blocks whose surface or culling may have changed (for outputs that follow the mesh, such
/// as the occupancy projection).
/// </summary>
public sealed record IncrementalMeshRound(
    TriangleMesh Mesh,
    int BlocksMeshed,
    int BlocksCulled,
    int BlocksColoured,
    int BlocksTotal,
    bool Rebuilt,
    IReadOnlySet<MeshBlock> Changed);
