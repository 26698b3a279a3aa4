using NiceSlam.Core.Tracking;

namespace NiceSlam.Core.Slam;

/// <summary>
/// Named starting points for <see cref="SlamOptions"/>: the reference settings per dataset family
/// (../shared/REFERENCE.md) and a CPU budget. Every value can be overridden afterwards. The <c>cpu</c> preset is
/// <see cref="SlamOptions"/>' own defaults (and so the node's); the reference presets start from
/// <see cref="Reference"/>, the reference's Replica configuration, and track as the reference does
/// (<c>Tracking.FrontEnd=render</c>, kept for comparison) with fixed bounds (<c>Map.Grow=false</c>). The <c>cpu</c>
/// preset tracks with the dense RGB-D odometry against tracking keyframes alone (<c>odometry</c>): measured on the
/// synthetic demo, TUM fr1/rpy and 7-Scenes, the rendering refinement (<c>odometry+render</c>, kept as a setting)
/// cost 15-40x the odometry's time a frame and did not lower the ATE (docs/decisions.md).
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

    /// <summary>The reference's Replica configuration, from which the other reference presets differ: rendering-only
    /// tracking at 200 px x 10 iterations (lr 1e-3), mapping every 5th frame with 1000 px x 60 iterations (the first
    /// frame 1500), a keyframe every 50th frame, window 5, 32/16 cm grids, coarse 10 iterations per call, fixed
    /// bounds, mesh lattice 4 cm; bundle adjustment's keyframe poses go into the trajectory, and no loop closure.</summary>
    private static SlamOptions Reference() => new()
    {
        Map = { Grow = false },
        Odometry = { LoopClosure = false },
        Tracking = { FrontEnd = TrackingFrontEnd.Render, Pixels = 200, Iterations = 10 },
        Mapping = { Pixels = 1000, Iterations = 60, FirstFrameIterations = 1500, CoarseIterations = 10 },
        Keyframes = { Every = 50, BundleAdjustmentMovesTrajectory = true },
        Meshing = { Voxel = 0.04 },
    };

    /// <summary>Replica: the reference configuration (<see cref="Reference"/>).</summary>
    public static SlamOptions Replica() => Reference();

    /// <summary>ScanNet: 1000 px x 50 tracking iterations at lr 5e-4 (rendering only), 5000 mapping pixels, window 10.</summary>
    public static SlamOptions ScanNet()
    {
        var o = Reference();
        (o.Tracking.Pixels, o.Tracking.Iterations, o.Tracking.TranslationLr, o.Tracking.RotationLr) = (1000, 50, 5e-4, 5e-4);
        (o.Mapping.Pixels, o.Keyframes.WindowSize) = (5000, 10);
        return o;
    }

    /// <summary>TUM RGB-D: 16/8 cm grids, 5000 px x 200 tracking iterations (lr 1e-2 translation, 2e-3 rotation;
    /// rendering only), mapping every frame with 5000 px, window 10.</summary>
    public static SlamOptions Tum()
    {
        var o = Reference();
        (o.Map.MiddleVoxel, o.Map.FineVoxel, o.Map.ColorVoxel) = (0.16, 0.08, 0.08);
        (o.Tracking.Pixels, o.Tracking.Iterations, o.Tracking.TranslationLr, o.Tracking.RotationLr) = (5000, 200, 1e-2, 2e-3);
        (o.Mapping.Every, o.Mapping.Pixels, o.Keyframes.WindowSize) = (1, 5000, 10);
        return o;
    }

    /// <summary>
    /// A budget for a few CPU cores at reduced resolution (e.g. 160x120), <see cref="SlamOptions"/>' defaults: tracking
    /// by the dense RGB-D odometry alone (3 levels, against the nearest tracking keyframe), with recovery and
    /// relocalisation; <c>odometry+render</c> adds 5 rendering iterations at 400 px (lr 1e-3), and
    /// <c>Tracking.FrontEnd=render</c> is the reference's tracking at 400 px x 30 iterations. Mapping every 5th frame
    /// with 800 px x 30 iterations (the first frame 100: 300 cost the demo 90 s before its first map for a slightly
    /// better depth L1), window 5, keyframe every 10th frame, coarse 4 iterations per call, a map that grows. Rays keep
    /// the reference's 32 stratified + 16 near-surface samples: 24 + 16 mapped 1.2x faster an iteration on the demo
    /// with a mesh as accurate, but its keyframe depth L1 on TUM fr1/rpy was 7.48 cm against 6.34 (docs/decisions.md).
    /// </summary>
    public static SlamOptions Cpu() => new();
}
