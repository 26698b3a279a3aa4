using NiceSlam.Core.Slam;

namespace NiceSlam.Core.Tracking;

/// <summary>
/// Settings of <see cref="RgbdOdometry"/> (from <see cref="SlamOptions"/>): pyramid levels; Gauss-Newton iterations
/// at the finest level, doubled at each coarser one (Open3D's 20/10/5 pattern); gates, photometric weight and
/// M-estimator; when an alignment converges; and when it fails (too few inliers, an ill-conditioned system, a
/// correction beyond what the prediction can be off by). The settings a user can change are read from
/// <see cref="SlamOptions"/> (<see cref="From"/>), whose defaults are also the defaults here; the rest (noise model,
/// convergence, belief bounds) are declared here.
/// </summary>
internal sealed record OdometrySettings
{
    /// <summary>The defaults of the settings read from <see cref="SlamOptions"/> (declared there once).</summary>
    private static readonly SlamOptions Defaults = new();

    public int Levels { get; init; } = Defaults.OdometryLevels;
    public int FinestIterations { get; init; } = Defaults.OdometryIterations;
    /// <summary>Rotation-only iterations at the coarsest level before the full ones (0: none).</summary>
    public int RotationIterations { get; init; } = 3;
    /// <summary>Depth gate at the finest level, metres; level l uses (l + 1) times it.</summary>
    public double DepthGate { get; init; } = Defaults.OdometryDepthGate;
    public double NormalGateDegrees { get; init; } = Defaults.OdometryNormalGateDegrees;
    /// <summary>Photometric weight at the coarser levels (the basin).</summary>
    public double PhotometricWeight { get; init; } = Defaults.OdometryPhotometricWeight;
    /// <summary>Photometric weight at the finest level (the accuracy; see <see cref="SlamOptions.OdometryFinestPhotometricWeight"/>).</summary>
    public double FinestPhotometricWeight { get; init; } = Defaults.OdometryFinestPhotometricWeight;
    /// <summary>Depth noise σ_D(z) = A + B z², metres.</summary>
    public (double A, double B) DepthNoise { get; init; } = (0.002, 0.0015);
    /// <summary>Intensity noise σ_I (grey levels in [0, 1]).</summary>
    public double IntensityNoise { get; init; } = 0.02;
    public RobustLoss Loss { get; init; } = Defaults.OdometryRobustLoss;
    /// <summary>Smallest share of overlapping points that are ICP inliers.</summary>
    public double MinInlierShare { get; init; } = Defaults.OdometryMinInlierShare;
    /// <summary>Smallest share of the frame's points that land on reference geometry.</summary>
    public double MinOverlapShare { get; init; } = Defaults.OdometryMinOverlapShare;
    /// <summary>A direction of the block-scaled system whose eigenvalue is below the largest / this is degenerate:
    /// the solve holds it at the initial guess.</summary>
    public double MaxCondition { get; init; } = Defaults.OdometryMaxCondition;
    /// <summary>Most degenerate directions (of 6) an alignment may have and still succeed (3: a bare plane).</summary>
    public int MaxDegenerateDirections { get; init; } = Defaults.OdometryMaxDegenerateDirections;
    /// <summary>Largest correction of the initial pose that is still believed, metres and degrees.</summary>
    public double MaxCorrection { get; init; } = 0.5;
    public double MaxCorrectionDegrees { get; init; } = 45;
    /// <summary>A level is done when a step moves less than this, metres and radians.</summary>
    public double ConvergedTranslation { get; init; } = 1e-4;
    public double ConvergedRotation { get; init; } = 1e-4;

    public static OdometrySettings From(SlamOptions options) => new()
    {
        Levels = options.OdometryLevels,
        FinestIterations = options.OdometryIterations,
        DepthGate = options.OdometryDepthGate,
        NormalGateDegrees = options.OdometryNormalGateDegrees,
        PhotometricWeight = options.OdometryPhotometricWeight,
        FinestPhotometricWeight = options.OdometryFinestPhotometricWeight,
        Loss = options.OdometryRobustLoss,
        MinInlierShare = options.OdometryMinInlierShare,
        MinOverlapShare = options.OdometryMinOverlapShare,
        MaxCondition = options.OdometryMaxCondition,
        MaxDegenerateDirections = options.OdometryMaxDegenerateDirections,
    };

    /// <summary>The gates of level <paramref name="level"/>.</summary>
    public ResidualSettings ForLevel(int level) => new(
        DepthGate * (level + 1),
        Math.Cos(NormalGateDegrees * Math.PI / 180),
        level == 0 ? FinestPhotometricWeight : PhotometricWeight, Loss, DepthNoise, IntensityNoise);

    public int IterationsAt(int level) => FinestIterations << level;
}
