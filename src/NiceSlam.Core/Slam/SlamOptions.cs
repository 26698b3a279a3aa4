using NiceSlam.Core.Map;
using NiceSlam.Core.Rendering;
using NiceSlam.Core.Tracking;

namespace NiceSlam.Core.Slam;

/// <summary>How the tracking and mapping loops take turns.</summary>
public enum SyncMode
{
    /// <summary>The reference's strict alternation: a frame is tracked, then mapped when it is a mapping frame,
    /// before the next frame is tracked. Deterministic: same input + seed = same trajectory.</summary>
    Strict,

    /// <summary>Live input: the tracker follows the newest frame on a snapshot of the map while the mapper keeps
    /// optimising on its own thread.</summary>
    Loose,
}

/// <summary>
/// Every setting of the engine (names follow the official configuration where one exists). Each default is declared
/// here once: a new instance is the <c>cpu</c> preset (the node's and <c>run</c>'s default); the reference presets in
/// <see cref="SlamPresets"/> change what the reference does differently. Every property is settable so configuration
/// binding and command-line overrides work.
/// </summary>
public sealed class SlamOptions
{
    // --- scene representation -------------------------------------------------------------------------------
    /// <summary>Scene bounds in the world frame (the first camera's frame moved by its given pose); null: derived
    /// from the first frames' depth by <see cref="SceneBoundsEstimator"/>.</summary>
    public Bounds3? Bounds { get; set; }

    /// <summary>Margin added around the first frames' points when the bounds are derived, and around a frame's
    /// points when the map grows to hold them, metres.</summary>
    public double AutoBoundsMargin { get; set; } = 1.0;

    /// <summary>Grow the map when a mapped frame sees beyond its bounds (<see cref="HierarchicalMap.Grown"/>): the
    /// grids grow on that side by whole voxels to hold the frame's points (1st..99th percentile per axis) plus
    /// <see cref="AutoBoundsMargin"/>, so a robot that leaves the first room keeps mapping (see
    /// <see cref="AutoBoundsSensorReach"/> for where it starts). Off in the reference presets (fixed bounds, as the
    /// official code).</summary>
    public bool GrowMap { get; set; } = true;

    /// <summary>The largest volume the map may grow to, cubic metres (memory follows it: about 70 kB a cubic metre at
    /// the default voxels, 8x that at the TUM preset's). A frame that would take the map past it does not grow it:
    /// the map stops growing, the frame is still mapped inside the bounds, and the refusal is counted and logged.</summary>
    public double MaxMapVolume { get; set; } = 2000;

    /// <summary>Derived bounds also hold a cube of the sensor's reach (99th-percentile depth) around the first camera.
    /// Off (default), a growing map starts from the first frame's seen volume plus the margin and grows as the camera
    /// sees more: on TUM fr1/rpy 0-149 (one run each, same build) 1.90 cm ATE with a 313 m³ map against 1.85 cm with
    /// the cube and 774 m³. (Before the odometry's degeneracy-aware solve the seen-volume start lost 6 frames there.)
    /// A map that cannot grow always holds the cube.</summary>
    public bool AutoBoundsSensorReach { get; set; }

    /// <summary>Frames whose depth is used to derive the bounds.</summary>
    public int AutoBoundsFrames { get; set; } = 1;

    public double CoarseVoxel { get; set; } = 2.0;
    public double MiddleVoxel { get; set; } = 0.32;
    public double FineVoxel { get; set; } = 0.16;
    public double ColorVoxel { get; set; } = 0.16;

    // --- rendering ------------------------------------------------------------------------------------------
    /// <summary>Where samples go along a ray: the reference's <see cref="RaySamplingMode.Reference"/> (stratified over
    /// the whole ray + near-surface; the default) or <see cref="RaySamplingMode.DepthGuided"/> (most in a band around
    /// the measured depth, a few in the free space before it: 2.3x faster a frame on the demo, but its mesh is less
    /// accurate, 5.9 cm against 4.3 cm, and its ATE 0.36 cm against 0.19 cm, so it is not the default).</summary>
    public RaySamplingMode Sampling { get; set; } = RaySamplingMode.Reference;
    /// <summary>Reference sampling: samples evenly over the whole ray.</summary>
    public int StratifiedSamples { get; set; } = Rendering.RaySampling.ReferenceStratified;
    /// <summary>Reference sampling: samples in [0.95 d, 1.05 d].</summary>
    public int NearSurfaceSamples { get; set; } = Rendering.RaySampling.ReferenceNearSurface;
    /// <summary>Depth-guided sampling: samples in the free space [0.01 d, (1 − band) d).</summary>
    public int FreeSpaceSamples { get; set; } = Rendering.RaySampling.DefaultFreeSpace;
    /// <summary>Depth-guided sampling: samples in the band [(1 − band) d, (1 + band) d].</summary>
    public int SurfaceSamples { get; set; } = Rendering.RaySampling.DefaultSurface;
    /// <summary>Depth-guided sampling: the band's half-width as a fraction of the measured depth (the reference's
    /// near-surface samples use 0.05).</summary>
    public double SurfaceBand { get; set; } = Rendering.RaySampling.DefaultBand;
    /// <summary>Fused rendering (trilinear corners computed once per lattice and read as feature rows, no work for rays
    /// the method drops, merged instead of sorted samples, Adam on the frustum's box, inference mode for renders nobody
    /// differentiates); false: the reference's evaluation, for comparison. Results agree up to float rounding.</summary>
    public bool FusedRendering { get; set; } = true;

    /// <summary>The ray sampling these settings describe.</summary>
    public RaySampling RaySampling() => new(StratifiedSamples, NearSurfaceSamples, Sampling, FreeSpaceSamples, SurfaceSamples, SurfaceBand);

    // --- tracking -------------------------------------------------------------------------------------------
    public int TrackingPixels { get; set; } = 400;
    public int TrackingIterations { get; set; } = 30;
    public double TrackingTranslationLr { get; set; } = 1e-3;
    public double TrackingRotationLr { get; set; } = 1e-3;
    public double TrackingColorWeight { get; set; } = 0.5;
    /// <summary>Pixels at each image border not used by tracking (Replica: 100 of 1200x680).</summary>
    public int TrackingIgnoreEdge { get; set; } = 0;
    /// <summary>Pixels whose depth residual / sqrt(variance) exceeds this many medians are rejected as dynamic.</summary>
    public double DynamicRejectionMedians { get; set; } = 10;
    /// <summary>Constant-velocity initialisation (else the previous pose).</summary>
    public bool ConstantVelocity { get; set; } = true;

    // --- tracking front end --------------------------------------------------------------------------------
    /// <summary>How a frame's pose is found: NICE-SLAM's rendering loss alone (<c>render</c>), dense RGB-D odometry
    /// alone (<c>odometry</c>), or odometry refined by the rendering loss (<c>odometry+render</c>).</summary>
    public TrackingFrontEnd TrackingFrontEnd { get; set; } = TrackingFrontEnd.Odometry;
    /// <summary>What the odometry aligns each frame to: the nearest tracking keyframe, the last tracked frame, or
    /// depth and colour rendered from the map at the predicted pose.</summary>
    public OdometryReference OdometryReference { get; set; } = OdometryReference.Keyframe;
    public int OdometryLevels { get; set; } = 3;
    /// <summary>Gauss-Newton iterations at the finest level; each coarser level gets twice as many.</summary>
    public int OdometryIterations { get; set; } = 5;
    /// <summary>Correspondence gate (distance between matched points) at the finest level, metres; level l uses
    /// (l + 1) times it.</summary>
    public double OdometryDepthGate { get; set; } = 0.07;
    public double OdometryNormalGateDegrees { get; set; } = 30;
    /// <summary>Weight of the photometric term against point-to-plane ICP (each in units of its noise model) at the
    /// coarser pyramid levels, where it widens the basin.</summary>
    public double OdometryPhotometricWeight { get; set; } = 1;
    /// <summary>The photometric weight at the finest level. Real cameras' colour carries errors the intensity noise
    /// does not model (colour not registered to depth: a pixel or so at 160 wide on 7-Scenes; exposure, blur, rolling
    /// shutter), which matter most at full resolution, so there it weighs a quarter of the geometry.</summary>
    public double OdometryFinestPhotometricWeight { get; set; } = 0.25;
    public RobustLoss OdometryRobustLoss { get; set; } = RobustLoss.Huber;
    /// <summary>An alignment with a smaller share of ICP inliers among the frame's points that land on the
    /// reference's geometry has failed.</summary>
    public double OdometryMinInlierShare { get; set; } = 0.5;
    /// <summary>An alignment where a smaller share of the frame's points lands on the reference's geometry has failed.</summary>
    public double OdometryMinOverlapShare { get; set; } = 0.2;
    /// <summary>Directions of the odometry's (block-scaled) 6 x 6 system with an eigenvalue below the largest / this
    /// are degenerate: the solve keeps the prediction along them.</summary>
    public double OdometryMaxCondition { get; set; } = GaussNewtonStep.DefaultMaxCondition;
    /// <summary>An alignment with more degenerate directions than this (of 6) has failed (3: a bare plane passes).</summary>
    public int OdometryMaxDegenerateDirections { get; set; } = 3;
    /// <summary>A tracked frame becomes a tracking keyframe when its nearest keyframe's surface appears moved by
    /// more than this share of its depth (translation + depth x rotation angle).</summary>
    public double OdometryKeyframeMotion { get; set; } = 0.1;
    /// <summary>libtorch intra-op CPU threads while the odometry runs (0: as the rest of the engine); its small
    /// operations run fastest on one.</summary>
    public int OdometryThreads { get; set; } = 1;
    /// <summary>Tracking keyframes kept (the oldest is dropped beyond).</summary>
    public int OdometryMaxKeyframes { get; set; } = 64;
    /// <summary>Pose graph over the tracking keyframes: a new keyframe is aligned to up to this many other keyframes
    /// that see the same place, besides the one it was tracked against, and the graph of these alignments is
    /// optimised, so drift spreads back over the keyframes and a place seen again long after closes the loop
    /// (0: no extra alignments, no graph optimisation).</summary>
    public int PoseGraphEdges { get; set; }
    /// <summary>Loop closure: a frame tracked against a keyframe made long ago, right after frames that rested on recent
    /// ones, is aligned to the newest keyframe too; the two alignments join the old keyframe and the newest in the
    /// pose graph, whose optimisation spreads the drift of the loop back over the keyframes in between, and every
    /// frame tracked against them moves with them (the path is republished corrected; the mapper's keyframes follow).</summary>
    public bool LoopClosure { get; set; } = true;
    /// <summary>Keyframes whose surface appears moved by less than this share of its depth from a new keyframe
    /// (see <see cref="OdometryKeyframeMotion"/>) are candidates for its pose-graph edges.</summary>
    public double PoseGraphSearch { get; set; } = 0.3;
    /// <summary>Pyramid level at which the map is rendered for <see cref="OdometryReference.Rendered"/>.</summary>
    public int OdometryRenderLevel { get; set; } = 1;
    /// <summary>Rendering-loss iterations that refine the odometry's pose (<c>odometry+render</c>).</summary>
    public int RefinementIterations { get; set; } = 5;
    /// <summary>Recovery starts when the rendering loss exceeds this many times its running median (0: never).</summary>
    public double RecoveryLossFactor { get; set; } = 5;
    /// <summary>Frames in the rendering loss's running median.</summary>
    public int RecoveryLossWindow { get; set; } = 20;
    /// <summary>While lost, tracking keyframes besides the last good one tried per frame (in turn, newest first) to
    /// relocalise (0: only the last good one).</summary>
    public int RelocalisationCandidates { get; set; } = 2;
    /// <summary>A relocalised pose is kept only when the nearest other keyframe aligns the frame to within this many
    /// metres of it (and this x 50 degrees: 3 cm and 1.5° by default).</summary>
    public double RelocalisationAgreement { get; set; } = 0.03;

    // --- mapping --------------------------------------------------------------------------------------------
    public int MapEvery { get; set; } = 5;
    public int MappingPixels { get; set; } = 800;
    public int MappingIterations { get; set; } = 30;
    public int FirstFrameIterations { get; set; } = 100;
    /// <summary>Learning-rate factor of the first frame's mapping.</summary>
    public double FirstFrameLrFactor { get; set; } = 5;
    /// <summary>Share of iterations in the middle stage, and up to which share the fine stage runs.</summary>
    public double MiddleStageShare { get; set; } = 0.4;
    public double FineStageShare { get; set; } = 0.6;
    public double MiddleStageLr { get; set; } = 0.1;
    public double FineStageLr { get; set; } = 0.005;
    public double ColorStageLr { get; set; } = 0.005;
    public double MappingColorWeight { get; set; } = 0.2;
    /// <summary>Mapping iterations of the coarse grid (depth loss, random keyframes) per mapping call.</summary>
    public int CoarseIterations { get; set; } = 4;
    public double CoarseLr { get; set; } = 0.001;
    /// <summary>Grid vertices farther than this behind the measured depth are outside the frustum update.</summary>
    public double FrustumDepthMargin { get; set; } = 0.5;

    // --- keyframes and bundle adjustment --------------------------------------------------------------------
    public int KeyframeEvery { get; set; } = 10;
    public int WindowSize { get; set; } = 5;
    /// <summary>Pixels and samples per pixel of the overlap test that picks the window's keyframes.</summary>
    public int OverlapPixels { get; set; } = 100;
    public int OverlapSamples { get; set; } = 16;
    public int OverlapMarginPixels { get; set; } = 20;
    public bool BundleAdjustment { get; set; } = true;
    /// <summary>Bundle adjustment starts once there are more keyframes than this.</summary>
    public int BundleAdjustmentMinKeyframes { get; set; } = 4;
    public double BundleAdjustmentLr { get; set; } = 0.001;
    /// <summary>Whether the keyframe poses bundle adjustment refines replace the tracked ones in the trajectory. Off:
    /// the map keeps them (it is fitted to them) and the trajectory keeps the odometry's, which are the more accurate
    /// at the map quality a CPU reaches (TUM fr1/rpy 0-149: 1.706 against 1.749 cm ATE; 7-Scenes 0-299: 2.149
    /// against 2.219 cm; 2026-12-07, 2-core x86-64 VM).</summary>
    public bool BundleAdjustmentMovesTrajectory { get; set; }

    // --- meshing --------------------------------------------------------------------------------------------
    /// <summary>Marching-cubes lattice step, metres.</summary>
    public double MeshVoxel { get; set; } = 0.05;
    /// <summary>A vertex counts as seen by a keyframe when it projects inside it no farther than this behind the
    /// keyframe's depth.</summary>
    public double MeshCullDepthMargin { get; set; } = 0.1;

    // --- run ------------------------------------------------------------------------------------------------
    public SyncMode Sync { get; set; } = SyncMode.Strict;
    public int Seed { get; set; } = 0;

    public SlamOptions Clone() => (SlamOptions)MemberwiseClone();

    /// <summary>Throws <see cref="ArgumentException"/> naming every setting out of range.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
    }

    /// <summary>Every setting out of range, each with its rule and value (empty: all valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Require(bool ok, string name, object value, string rule)
        {
            if (!ok) problems.Add($"{name} must be {rule}, got {value}");
        }
        if (Bounds is { } bounds)
        {
            try { bounds.Validate(); }
            catch (ArgumentException e) { problems.Add($"{nameof(Bounds)}: {e.Message}"); }
        }
        Require(AutoBoundsMargin >= 0, nameof(AutoBoundsMargin), AutoBoundsMargin, ">= 0");
        Require(AutoBoundsFrames >= 1, nameof(AutoBoundsFrames), AutoBoundsFrames, ">= 1");
        Require(MaxMapVolume > 0, nameof(MaxMapVolume), MaxMapVolume, "> 0");
        foreach (var (name, v) in new[] { (nameof(CoarseVoxel), CoarseVoxel), (nameof(MiddleVoxel), MiddleVoxel), (nameof(FineVoxel), FineVoxel), (nameof(ColorVoxel), ColorVoxel), (nameof(MeshVoxel), MeshVoxel) })
            Require(v > 0 && double.IsFinite(v), name, v, "> 0");
        Require(StratifiedSamples >= 2, nameof(StratifiedSamples), StratifiedSamples, ">= 2");
        Require(NearSurfaceSamples >= 0, nameof(NearSurfaceSamples), NearSurfaceSamples, ">= 0");
        Require(FreeSpaceSamples >= 1, nameof(FreeSpaceSamples), FreeSpaceSamples, ">= 1");
        Require(SurfaceSamples >= 2, nameof(SurfaceSamples), SurfaceSamples, ">= 2");
        Require(SurfaceBand > 0 && SurfaceBand < 1, nameof(SurfaceBand), SurfaceBand, "in (0, 1)");
        Require(TrackingPixels >= 1, nameof(TrackingPixels), TrackingPixels, ">= 1");
        Require(TrackingIterations >= 0, nameof(TrackingIterations), TrackingIterations, ">= 0");
        Require(TrackingIgnoreEdge >= 0, nameof(TrackingIgnoreEdge), TrackingIgnoreEdge, ">= 0");
        Require(DynamicRejectionMedians > 0, nameof(DynamicRejectionMedians), DynamicRejectionMedians, "> 0");
        Require(OdometryLevels >= 1 && OdometryLevels <= 6, nameof(OdometryLevels), OdometryLevels, "in [1, 6]");
        Require(OdometryIterations >= 1, nameof(OdometryIterations), OdometryIterations, ">= 1");
        Require(OdometryDepthGate > 0 && double.IsFinite(OdometryDepthGate), nameof(OdometryDepthGate), OdometryDepthGate, "> 0");
        Require(OdometryNormalGateDegrees > 0 && OdometryNormalGateDegrees <= 90, nameof(OdometryNormalGateDegrees), OdometryNormalGateDegrees, "in (0, 90]");
        Require(OdometryPhotometricWeight >= 0 && double.IsFinite(OdometryPhotometricWeight), nameof(OdometryPhotometricWeight), OdometryPhotometricWeight, ">= 0");
        Require(OdometryFinestPhotometricWeight >= 0 && double.IsFinite(OdometryFinestPhotometricWeight), nameof(OdometryFinestPhotometricWeight), OdometryFinestPhotometricWeight, ">= 0");
        Require(OdometryMinInlierShare >= 0 && OdometryMinInlierShare < 1, nameof(OdometryMinInlierShare), OdometryMinInlierShare, "in [0, 1)");
        Require(OdometryMinOverlapShare >= 0 && OdometryMinOverlapShare < 1, nameof(OdometryMinOverlapShare), OdometryMinOverlapShare, "in [0, 1)");
        Require(OdometryMaxCondition > 1, nameof(OdometryMaxCondition), OdometryMaxCondition, "> 1");
        Require(OdometryMaxDegenerateDirections is >= 0 and <= 6, nameof(OdometryMaxDegenerateDirections), OdometryMaxDegenerateDirections, "0..6");
        Require(OdometryKeyframeMotion > 0, nameof(OdometryKeyframeMotion), OdometryKeyframeMotion, "> 0");
        Require(OdometryThreads >= 0, nameof(OdometryThreads), OdometryThreads, ">= 0");
        Require(RelocalisationAgreement > 0, nameof(RelocalisationAgreement), RelocalisationAgreement, "> 0");
        Require(RelocalisationCandidates >= 0, nameof(RelocalisationCandidates), RelocalisationCandidates, ">= 0");
        Require(OdometryMaxKeyframes >= 1, nameof(OdometryMaxKeyframes), OdometryMaxKeyframes, ">= 1");
        Require(OdometryRenderLevel >= 0 && OdometryRenderLevel < OdometryLevels, nameof(OdometryRenderLevel), OdometryRenderLevel, $"in [0, {nameof(OdometryLevels)})");
        Require(PoseGraphEdges >= 0, nameof(PoseGraphEdges), PoseGraphEdges, ">= 0");
        Require(PoseGraphSearch > 0 && double.IsFinite(PoseGraphSearch), nameof(PoseGraphSearch), PoseGraphSearch, "> 0");
        Require(RefinementIterations >= 0, nameof(RefinementIterations), RefinementIterations, ">= 0");
        Require(RecoveryLossFactor == 0 || RecoveryLossFactor > 1, nameof(RecoveryLossFactor), RecoveryLossFactor, "0 (off) or > 1");
        Require(RecoveryLossWindow >= 3, nameof(RecoveryLossWindow), RecoveryLossWindow, ">= 3");
        Require(MapEvery >= 1, nameof(MapEvery), MapEvery, ">= 1");
        Require(MappingPixels >= 1, nameof(MappingPixels), MappingPixels, ">= 1");
        Require(MappingIterations >= 1, nameof(MappingIterations), MappingIterations, ">= 1");
        Require(FirstFrameIterations >= 1, nameof(FirstFrameIterations), FirstFrameIterations, ">= 1");
        Require(MiddleStageShare >= 0 && MiddleStageShare <= FineStageShare && FineStageShare <= 1, nameof(MiddleStageShare), MiddleStageShare, $"in [0, {nameof(FineStageShare)}] with {nameof(FineStageShare)} <= 1");
        Require(CoarseIterations >= 0, nameof(CoarseIterations), CoarseIterations, ">= 0");
        Require(KeyframeEvery >= 1, nameof(KeyframeEvery), KeyframeEvery, ">= 1");
        Require(WindowSize >= 2, nameof(WindowSize), WindowSize, ">= 2 (current frame + last keyframe)");
        Require(OverlapPixels >= 1 && OverlapSamples >= 1, nameof(OverlapPixels), OverlapPixels, ">= 1");
        foreach (var (name, v) in new[] { (nameof(TrackingTranslationLr), TrackingTranslationLr), (nameof(TrackingRotationLr), TrackingRotationLr), (nameof(MiddleStageLr), MiddleStageLr), (nameof(FineStageLr), FineStageLr), (nameof(ColorStageLr), ColorStageLr), (nameof(CoarseLr), CoarseLr), (nameof(BundleAdjustmentLr), BundleAdjustmentLr), (nameof(FirstFrameLrFactor), FirstFrameLrFactor) })
            Require(v > 0 && double.IsFinite(v), name, v, "> 0");
        return problems;
    }
}
