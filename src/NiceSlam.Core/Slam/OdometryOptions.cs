using NiceSlam.Core.Tracking;

namespace NiceSlam.Core.Slam;

/// <summary>
/// Settings of the dense RGB-D odometry (<see cref="SlamOptions.Odometry"/>): what it aligns a frame to, its
/// pyramid, gates and weights, when an alignment has failed, and its tracking keyframes. Each default is declared
/// here once; <see cref="OdometrySettings"/> is built from these (<see cref="OdometrySettings.From"/>) and adds the
/// settings nobody needs to change (noise model, convergence, belief bounds).
/// </summary>
public sealed class OdometryOptions
{
    /// <summary>What the odometry aligns each frame to: the nearest tracking keyframe, the last tracked frame, or
    /// depth and colour rendered from the map at the predicted pose.</summary>
    [FlatName("OdometryReference")]
    public OdometryReference Reference { get; set; } = OdometryReference.Keyframe;
    /// <summary>Pyramid levels.</summary>
    [FlatName("OdometryLevels")]
    public int Levels { get; set; } = 3;
    /// <summary>Gauss-Newton iterations at the finest level; each coarser level gets twice as many.</summary>
    [FlatName("OdometryIterations")]
    public int Iterations { get; set; } = 5;
    /// <summary>Correspondence gate (distance between matched points) at the finest level, metres; level l uses
    /// (l + 1) times it.</summary>
    [FlatName("OdometryDepthGate")]
    public double DepthGate { get; set; } = 0.07;
    /// <summary>Largest angle between matched points' normals, degrees.</summary>
    [FlatName("OdometryNormalGateDegrees")]
    public double NormalGateDegrees { get; set; } = 30;
    /// <summary>Weight of the photometric term against point-to-plane ICP (each in units of its noise model) at the
    /// coarser pyramid levels, where it widens the basin.</summary>
    [FlatName("OdometryPhotometricWeight")]
    public double PhotometricWeight { get; set; } = 1;
    /// <summary>The photometric weight at the finest level. Real cameras' colour carries errors the intensity noise
    /// does not model (colour registered to depth only approximately; exposure, blur, rolling shutter), which matter
    /// most at full resolution, so there it weighs a quarter of the geometry.</summary>
    [FlatName("OdometryFinestPhotometricWeight")]
    public double FinestPhotometricWeight { get; set; } = 0.25;
    /// <summary>M-estimator of the residuals.</summary>
    [FlatName("OdometryRobustLoss")]
    public RobustLoss RobustLoss { get; set; } = RobustLoss.Huber;
    /// <summary>An alignment with a smaller share of ICP inliers among the frame's points that land on the
    /// reference's geometry has failed.</summary>
    [FlatName("OdometryMinInlierShare")]
    public double MinInlierShare { get; set; } = 0.5;
    /// <summary>An alignment where a smaller share of the frame's points lands on the reference's geometry has failed.</summary>
    [FlatName("OdometryMinOverlapShare")]
    public double MinOverlapShare { get; set; } = 0.2;
    /// <summary>Directions of the odometry's (block-scaled) 6 x 6 system with an eigenvalue below the largest / this
    /// are degenerate: the solve keeps the prediction along them.</summary>
    [FlatName("OdometryMaxCondition")]
    public double MaxCondition { get; set; } = GaussNewtonStep.DefaultMaxCondition;
    /// <summary>An alignment with more degenerate directions than this (of 6) has failed (3: a bare plane passes).</summary>
    [FlatName("OdometryMaxDegenerateDirections")]
    public int MaxDegenerateDirections { get; set; } = 3;
    /// <summary>A tracked frame becomes a tracking keyframe when its nearest keyframe's surface appears moved by
    /// more than this share of its depth (translation + depth x rotation angle).</summary>
    [FlatName("OdometryKeyframeMotion")]
    public double KeyframeMotion { get; set; } = 0.1;
    /// <summary>libtorch intra-op CPU threads while the odometry runs (0: as the rest of the engine); its small
    /// operations run fastest on one.</summary>
    [FlatName("OdometryThreads")]
    public int Threads { get; set; } = 1;
    /// <summary>The camera's rolling-shutter readout time, seconds: how long after the top row its bottom row is
    /// exposed (0: a global shutter). A frame read out while the camera turns is sheared; the odometry takes each row's
    /// points into the middle row's camera with the velocity from the previous frame to the pose it solves for, and
    /// looks points up in the reference row that saw them (<see cref="ReadoutMotion"/>). A dataset of a known camera
    /// sets it (TUM RGB-D: the Kinect's, <see cref="KinectReadout"/>); a live camera's comes from its data sheet (an
    /// Intel RealSense D435's depth has a global shutter: 0, the default).</summary>
    public double RollingShutterReadout { get; set; }

    /// <summary>The readout time of the first Kinect and the PrimeSense cameras like it (Asus Xtion), seconds: the
    /// value Kerl, Stückler and Cremers simulate such a camera with (ICCV 2015).</summary>
    public const double KinectReadout = 0.028;

    /// <summary>A frame about to become a tracking keyframe whose alignment to its keyframe was strained (fewer ICP
    /// inliers than <see cref="KeyframeRefinementInliers"/>) is aligned again, to that keyframe and to the last tracked
    /// frame together, the last frame's residuals at this weight (0: off). A keyframe's pose is what every later frame
    /// tracked against it rests on; in a fast turn the keyframe may be several blurred, sheared frames away while the
    /// last frame is one frame away and blurred alike. Costs one more alignment for such a keyframe.</summary>
    public double KeyframeLastFrameWeight { get; set; } = 2;
    /// <summary>A new keyframe whose alignment had at least this share of ICP inliers is taken as it is (a clean
    /// alignment gains nothing from the longer path through the last frame: on the synthetic tour, refining every
    /// keyframe raised the error from 0.306 to 0.547 cm).</summary>
    public double KeyframeRefinementInliers { get; set; } = 0.99;

    /// <summary>Tracking keyframes kept (the oldest is dropped beyond).</summary>
    [FlatName("OdometryMaxKeyframes")]
    public int MaxKeyframes { get; set; } = 64;
    /// <summary>Pyramid level at which the map is rendered for <see cref="OdometryReference.Rendered"/>.</summary>
    [FlatName("OdometryRenderLevel")]
    public int RenderLevel { get; set; } = 1;

    /// <summary>Pose graph over the tracking keyframes: a new keyframe is aligned to up to this many other keyframes
    /// that see the same place, besides the one it was tracked against, and the graph of these alignments is
    /// optimised, so drift spreads back over the keyframes (0: no extra alignments). Off by default: on the dev
    /// sequences it did not lower the error (TUM fr1/rpy 0-149: 1.86 cm with 2 against 1.71 cm without; 7-Scenes
    /// 0-299: 2.17 against 2.15) and costs up to 10 ms a frame.</summary>
    public int PoseGraphEdges { get; set; }
    /// <summary>Keyframes whose surface appears moved by less than this share of its depth from a new keyframe (see
    /// <see cref="KeyframeMotion"/>) are candidates for its pose-graph edges.</summary>
    public double PoseGraphSearch { get; set; } = 0.3;
    /// <summary>Loop closure: a frame tracked against a keyframe made long ago, right after frames that rested on
    /// recent ones, is aligned to the newest keyframe too; the two alignments join the old keyframe and the newest in
    /// the pose graph, whose optimisation spreads the drift of the loop back over the keyframes in between, and every
    /// frame tracked against them moves with them (the path is republished corrected; the mapper's keyframes follow).</summary>
    public bool LoopClosure { get; set; } = true;

    /// <summary>A copy of these settings.</summary>
    public OdometryOptions Clone() => (OdometryOptions)MemberwiseClone();

    /// <summary>Every setting of this group out of range, each named <paramref name="prefix"/> + its name, with its
    /// rule and value (empty: all valid).</summary>
    public IReadOnlyList<string> Problems(string prefix = "")
    {
        var problems = new SettingProblems(prefix);
        problems.Require(Levels >= 1 && Levels <= 6, nameof(Levels), Levels, "in [1, 6]");
        problems.Require(Iterations >= 1, nameof(Iterations), Iterations, ">= 1");
        problems.Require(DepthGate > 0 && double.IsFinite(DepthGate), nameof(DepthGate), DepthGate, "> 0");
        problems.Require(NormalGateDegrees > 0 && NormalGateDegrees <= 90, nameof(NormalGateDegrees), NormalGateDegrees, "in (0, 90]");
        problems.Require(PhotometricWeight >= 0 && double.IsFinite(PhotometricWeight), nameof(PhotometricWeight), PhotometricWeight, ">= 0");
        problems.Require(FinestPhotometricWeight >= 0 && double.IsFinite(FinestPhotometricWeight), nameof(FinestPhotometricWeight), FinestPhotometricWeight, ">= 0");
        problems.Require(MinInlierShare >= 0 && MinInlierShare < 1, nameof(MinInlierShare), MinInlierShare, "in [0, 1)");
        problems.Require(MinOverlapShare >= 0 && MinOverlapShare < 1, nameof(MinOverlapShare), MinOverlapShare, "in [0, 1)");
        problems.Require(MaxCondition > 1, nameof(MaxCondition), MaxCondition, "> 1");
        problems.Require(MaxDegenerateDirections is >= 0 and <= 6, nameof(MaxDegenerateDirections), MaxDegenerateDirections, "0..6");
        problems.Require(KeyframeMotion > 0, nameof(KeyframeMotion), KeyframeMotion, "> 0");
        problems.Require(Threads >= 0, nameof(Threads), Threads, ">= 0");
        problems.Require(RollingShutterReadout >= 0 && RollingShutterReadout <= 0.1, nameof(RollingShutterReadout), RollingShutterReadout, "in [0, 0.1] s");
        problems.Require(KeyframeLastFrameWeight >= 0 && KeyframeLastFrameWeight <= 8, nameof(KeyframeLastFrameWeight), KeyframeLastFrameWeight, "in [0, 8]");
        problems.Require(KeyframeRefinementInliers >= 0 && KeyframeRefinementInliers <= 1, nameof(KeyframeRefinementInliers), KeyframeRefinementInliers, "in [0, 1]");
        problems.Require(MaxKeyframes >= 1, nameof(MaxKeyframes), MaxKeyframes, ">= 1");
        problems.Require(PoseGraphEdges >= 0, nameof(PoseGraphEdges), PoseGraphEdges, ">= 0");
        problems.Require(PoseGraphSearch > 0 && double.IsFinite(PoseGraphSearch), nameof(PoseGraphSearch), PoseGraphSearch, "> 0");
        problems.Require(RenderLevel >= 0 && RenderLevel < Levels, nameof(RenderLevel), RenderLevel, $"in [0, {problems.Name(nameof(Levels))})");
        return problems.All;
    }
}
