using NiceSlam.Core.Tracking;

namespace NiceSlam.Core.Slam;

/// <summary>
/// Settings of the tracker (<see cref="SlamOptions.Tracking"/>): how a frame's pose is found (the front end), the
/// rendering-loss tracking (pixels, iterations, learning rates, colour weight, ignored border, dynamic pixels, the
/// initial guess) and its refinement of the odometry, and recovery and relocalisation when tracking is lost. The
/// dense RGB-D odometry's own settings are <see cref="SlamOptions.Odometry"/>.
/// </summary>
public sealed class TrackingOptions
{
    /// <summary>How a frame's pose is found: NICE-SLAM's rendering loss alone (<c>render</c>), dense RGB-D odometry
    /// alone (<c>odometry</c>), or odometry refined by the rendering loss (<c>odometry+render</c>).</summary>
    [FlatName("TrackingFrontEnd")]
    public TrackingFrontEnd FrontEnd { get; set; } = TrackingFrontEnd.Odometry;

    /// <summary>Pixels sampled per rendering-loss iteration.</summary>
    [FlatName("TrackingPixels")]
    public int Pixels { get; set; } = 400;
    /// <summary>Rendering-loss iterations per frame (<c>render</c>).</summary>
    [FlatName("TrackingIterations")]
    public int Iterations { get; set; } = 30;
    [FlatName("TrackingTranslationLr")]
    public double TranslationLr { get; set; } = 1e-3;
    [FlatName("TrackingRotationLr")]
    public double RotationLr { get; set; } = 1e-3;
    /// <summary>Weight of the colour term of the rendering loss.</summary>
    [FlatName("TrackingColorWeight")]
    public double ColorWeight { get; set; } = 0.5;
    /// <summary>Pixels at each image border not used by tracking (Replica: 100 of 1200x680).</summary>
    [FlatName("TrackingIgnoreEdge")]
    public int IgnoreEdge { get; set; } = 0;
    /// <summary>Pixels whose depth residual / sqrt(variance) exceeds this many medians are rejected as dynamic.</summary>
    public double DynamicRejectionMedians { get; set; } = 10;
    /// <summary>Constant-velocity initialisation (else the previous pose).</summary>
    public bool ConstantVelocity { get; set; } = true;

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

    /// <summary>A copy of these settings.</summary>
    public TrackingOptions Clone() => (TrackingOptions)MemberwiseClone();

    /// <summary>Every setting of this group out of range, each named <paramref name="prefix"/> + its name, with its
    /// rule and value (empty: all valid).</summary>
    public IReadOnlyList<string> Problems(string prefix = "")
    {
        var problems = new SettingProblems(prefix);
        problems.Require(Pixels >= 1, nameof(Pixels), Pixels, ">= 1");
        problems.Require(Iterations >= 0, nameof(Iterations), Iterations, ">= 0");
        problems.Require(IgnoreEdge >= 0, nameof(IgnoreEdge), IgnoreEdge, ">= 0");
        problems.Require(DynamicRejectionMedians > 0, nameof(DynamicRejectionMedians), DynamicRejectionMedians, "> 0");
        problems.Require(RelocalisationAgreement > 0, nameof(RelocalisationAgreement), RelocalisationAgreement, "> 0");
        problems.Require(RelocalisationCandidates >= 0, nameof(RelocalisationCandidates), RelocalisationCandidates, ">= 0");
        problems.Require(RefinementIterations >= 0, nameof(RefinementIterations), RefinementIterations, ">= 0");
        problems.Require(RecoveryLossFactor == 0 || RecoveryLossFactor > 1, nameof(RecoveryLossFactor), RecoveryLossFactor, "0 (off) or > 1");
        problems.Require(RecoveryLossWindow >= 3, nameof(RecoveryLossWindow), RecoveryLossWindow, ">= 3");
        problems.RequirePositive(nameof(TranslationLr), TranslationLr);
        problems.RequirePositive(nameof(RotationLr), RotationLr);
        return problems.All;
    }
}
