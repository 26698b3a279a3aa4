using NiceSlam.Core.Map;
using NiceSlam.Core.Meshing;

namespace NiceSlam.Core.Slam;

/// <summary>
/// A consistent copy of the engine's published state at one moment: the map (grids and decoders), the keyframes
/// as culling views (their own tensors) and the trajectory. Owned by whoever took it; the loops go on meanwhile.
/// </summary>
public sealed class MapCapture(HierarchicalMap map, IReadOnlyList<CullingView> views, IReadOnlyList<PoseEstimate> trajectory, int keyframes)
    : IDisposable
{
    public HierarchicalMap Map { get; } = map;
    public IReadOnlyList<CullingView> Views { get; } = views;
    public IReadOnlyList<PoseEstimate> Trajectory { get; } = trajectory;
    public int KeyframeCount { get; } = keyframes;

    /// <summary>Marching cubes on the fine occupancy at <paramref name="voxel"/>, culled to what the keyframes saw.</summary>
    public TriangleMesh ExtractMesh(double voxel, double cullMargin) => Mesher.Extract(Map, voxel, Views, cullMargin);

    public void Dispose()
    {
        foreach (var v in Views) v.Frame.Dispose();
        Map.Dispose();
    }
}
