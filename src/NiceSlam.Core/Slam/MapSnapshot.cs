using NiceSlam.Core.Map;
using NiceSlam.Core.Meshing;

namespace NiceSlam.Core.Slam;

/// <summary>
/// The map as one mapping call left it, published for every reader (the tracker, meshing, map outputs, saving):
/// a copy of the grids and decoders (all frozen), the keyframes as views (their frame tensors, shared with the
/// engine's keyframe store and kept alive by this snapshot, and their poses as bundle adjustment left them at that
/// call), the mapped frame and a version that counts mapping calls. Never changes after publication: a reader that
/// holds a <see cref="MapLease"/> sees exactly what was published, however far the mapper has gone since.
/// </summary>
public sealed class MapSnapshot
{
    private readonly IDisposable keyframeFrames;

    internal MapSnapshot(HierarchicalMap map, IReadOnlyList<CullingView> keyframes, IDisposable keyframeFrames, long version, int frameIndex,
        double timestamp, bool anchoredToGroundTruth)
    {
        Map = map;
        Keyframes = keyframes;
        this.keyframeFrames = keyframeFrames;
        Version = version;
        FrameIndex = frameIndex;
        Timestamp = timestamp;
        AnchoredToGroundTruth = anchoredToGroundTruth;
    }

    /// <summary>Grids and decoders (a frozen copy: read it, never write it).</summary>
    public HierarchicalMap Map { get; }

    /// <summary>The keyframes in frame order, each with its pose at publication.</summary>
    public IReadOnlyList<CullingView> Keyframes { get; }

    /// <summary>Mapping calls up to this one (1 for the first frame's map).</summary>
    public long Version { get; }

    /// <summary>The frame the publishing mapping call mapped, and its timestamp (seconds).</summary>
    public int FrameIndex { get; }

    public double Timestamp { get; }

    /// <summary>Whether the map's world frame is the recording's (first pose from ground truth).</summary>
    public bool AnchoredToGroundTruth { get; }

    public Bounds3 Bounds => Map.Bounds;

    /// <summary>Marching cubes on the fine occupancy at <paramref name="voxel"/>, culled to what the keyframes saw.</summary>
    public TriangleMesh ExtractMesh(double voxel, double cullMargin) => Mesher.Extract(Map, voxel, Keyframes, cullMargin);

    /// <summary>Lets go of the keyframe frames and hands the map copy back (by the slot, once no reader holds it).</summary>
    internal HierarchicalMap Free()
    {
        keyframeFrames.Dispose();
        return Map;
    }
}
