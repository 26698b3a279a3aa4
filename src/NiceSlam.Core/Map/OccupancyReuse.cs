using static TorchSharp.torch;

namespace NiceSlam.Core.Map;

/// <summary>
/// What an <see cref="OccupancyProjection"/> may reuse: the previous projection (used only when the new one has the
/// same cells and heights) and which world points may have changed since it was made: <see cref="Stale"/> maps world
/// points [N, 3] float32 to bool [N] (e.g. <see cref="Meshing.BlockLattice.Contains"/> over the blocks an
/// <see cref="Meshing.IncrementalMesher"/> redid). A column none of whose points is stale keeps its previous value.
/// </summary>
public sealed record OccupancyReuse(ProjectedOccupancy Previous, Func<Tensor, Tensor> Stale);
