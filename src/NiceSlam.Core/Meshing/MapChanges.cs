namespace NiceSlam.Core.Meshing;

/// <summary>
/// What changed in a map and its culling views since the previous call of <see cref="MapChangeTracker.Update"/>,
/// per block of a <see cref="BlockLattice"/>: blocks whose occupancy inputs (middle or fine grid values) changed,
/// blocks whose colour grid values changed, blocks inside the frustum of a view that was added or moved (their
/// culling may change), and whether a decoder changed (a geometry decoder changes every block; the colour decoder
/// every vertex colour). <see cref="Everything"/> when there was no previous call to compare with, or the views
/// were replaced (a reset or a load).
/// </summary>
internal sealed record MapChanges(
    bool Everything,
    IReadOnlySet<MeshBlock> Geometry,
    IReadOnlySet<MeshBlock> Colour,
    IReadOnlySet<MeshBlock> Culling,
    bool ColourDecoder,
    int ViewsAdded,
    int ViewsMoved);
