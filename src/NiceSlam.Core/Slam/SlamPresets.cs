using NiceSlam.Core.Tracking;

namespace NiceSlam.Core.Slam;

/// <summary>
/// Named starting points for <see cref="SlamOptions"/>: the reference settings per dataset family
/// (../shared/REFERENCE.md) and a CPU budget. Every value can be overridden afterwards. The reference presets track
/// as the reference does (<c>TrackingFrontEnd=render</c>, kept for comparison); the <c>cpu</c> preset (and so the
/// node's default) tracks with the dense RGB-D odometry against tracking keyframes alone (<c>odometry</c>): measured on
/// the synthetic demo, TUM fr1/rpy and 7-Scenes, the rendering refinement (<c>odometry+render</c>, kept as a setting)
/// cost 15-40x the odometry's time a frame and did not lower the ATE (README, "Tracker").
/// The reference presets keep the map's bounds fixed (<c>GrowMap=false</c>); the <c>cpu</c> preset grows the map.
/// </summary>
public static class SlamPresets
{
    public static IReadOnlyList<string> Names { get; } = ["replica", "scannet", "tum", "cpu"];

    /// <summary>The preset's options (a fresh copy); throws <see cref="ArgumentException"/> for an unknown name.</summary>
    public static SlamOptions Get(string name) => name.ToLowerInvariant() switch
    {
        "replica" => Replica(),
        "scannet" => ScanNet(),
        "tum" => Tum(),
        "cpu" => Cpu(),
        _ => throw new ArgumentException($"unknown preset '{name}' (known: {string.Join(", ", Names)})"),
    };

    /// <summary>Replica: 200 px x 10 tracking iterations at lr 1e-3 (rendering only), mapping every 5th frame with
    /// 1000 px x 60 iterations, window 5, 32/16 cm grids.</summary>
    public static SlamOptions Replica() => new() { TrackingFrontEnd = TrackingFrontEnd.Render, GrowMap = false };

    /// <summary>ScanNet: 1000 px x 50 tracking iterations at lr 5e-4 (rendering only), 5000 mapping pixels, window 10.</summary>
    public static SlamOptions ScanNet() => new()
    {
        TrackingFrontEnd = TrackingFrontEnd.Render, GrowMap = false,
        TrackingPixels = 1000, TrackingIterations = 50, TrackingTranslationLr = 5e-4, TrackingRotationLr = 5e-4,
        MappingPixels = 5000, WindowSize = 10,
    };

    /// <summary>TUM RGB-D: 16/8 cm grids, 5000 px x 200 tracking iterations (lr 1e-2 translation, 2e-3 rotation;
    /// rendering only), mapping every frame with 5000 px, window 10.</summary>
    public static SlamOptions Tum() => new()
    {
        TrackingFrontEnd = TrackingFrontEnd.Render, GrowMap = false,
        MiddleVoxel = 0.16, FineVoxel = 0.08, ColorVoxel = 0.08,
        TrackingPixels = 5000, TrackingIterations = 200, TrackingTranslationLr = 1e-2, TrackingRotationLr = 2e-3,
        MapEvery = 1, MappingPixels = 5000, WindowSize = 10,
    };

    /// <summary>
    /// A budget for a few CPU cores at reduced resolution (e.g. 160x120): tracking by the dense RGB-D odometry alone
    /// (3 levels, against the nearest tracking keyframe), with recovery and relocalisation; <c>odometry+render</c> adds
    /// 5 rendering iterations at 400 px (lr 1e-3), and <c>TrackingFrontEnd=render</c> is the reference's tracking at
    /// 400 px x 30 iterations. Mapping every 5th frame with 800 px x 30 iterations (the first frame 100: 300 cost the
    /// demo 90 s before its first map for a slightly better depth L1, README "Speed"), window 5, keyframe every 10th
    /// frame, coarse 4 iterations per call. Rays keep the reference's 32 stratified + 16 near-surface samples: 24 + 16
    /// mapped 1.2x faster an iteration on the demo with a mesh as accurate, but its keyframe depth L1 on TUM fr1/rpy
    /// was 7.48 cm against 6.34 (README, "Speed", ninth session).
    /// </summary>
    public static SlamOptions Cpu() => new()
    {
        TrackingFrontEnd = TrackingFrontEnd.Odometry, OdometryReference = OdometryReference.Keyframe, RefinementIterations = 5,
        TrackingPixels = 400, TrackingIterations = 30, TrackingTranslationLr = 1e-3, TrackingRotationLr = 1e-3,
        MapEvery = 5, MappingPixels = 800, MappingIterations = 30, FirstFrameIterations = 100,
        KeyframeEvery = 10, WindowSize = 5, CoarseIterations = 4, MeshVoxel = 0.05,
    };
}
