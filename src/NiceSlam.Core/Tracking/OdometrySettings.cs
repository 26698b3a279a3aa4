using NiceSlam.Core.Slam;

namespace NiceSlam.Core.Tracking;

/// <summary>
/// Settings of <see cref="RgbdOdometry"/> (from <see cref="SlamOptions.Odometry"/>): pyramid levels; Gauss-Newton
/// iterations at the finest level, doubled at each coarser one (Open3D's 20/10/5 pattern); gates, photometric weight
/// and M-estimator; when an alignment converges; and when it fails (too few inliers, an ill-conditioned system, a
/// correction beyond what the prediction can be off by). The settings a user can change are read from the options'
/// odometry group, <see cref="OdometryOptions"/> (<see cref="From"/>), whose defaults are also the defaults here; the
/// rest (noise model, convergence, belief bounds) are declared here.
/// </summary>
internal sealed record OdometrySettings
{
    /// <summary>The defaults of the settings read from <see cref="OdometryOptions"/> (declared there once).</summary>
    private static readonly OdometryOptions Defaults = new();

    public int Levels { get; init; } = Defaults.Levels;
    public int FinestIterations { get; init; } = Defaults.Iterations;
    /// <summary>Rotation-only iterations at the coarsest level before the full ones (0: none).</summary>
    public int RotationIterations { get; init; } = 3;
    /// <summary>Depth gate at the finest level, metres; level l uses (l + 1) times it.</summary>
    public double DepthGate { get; init; } = Defaults.DepthGate;
    public double NormalGateDegrees { get; init; } = Defaults.NormalGateDegrees;
    /// <summary>Photometric weight at the coarser levels (the basin).</summary>
    public double PhotometricWeight { get; init; } = Defaults.PhotometricWeight;
    /// <summary>Photometric weight at the finest level (the accuracy; see <see cref="OdometryOptions.FinestPhotometricWeight"/>).</summary>
    public double FinestPhotometricWeight { get; init; } = Defaults.FinestPhotometricWeight;
    /// <summary>Depth noise σ_D(z) = A + B z², metres.</summary>
    public (double A, double B) DepthNoise { get; init; } = (0.002, 0.0015);
    /// <summary>Intensity noise σ_I (grey levels in [0, 1]).</summary>
    public double IntensityNoise { get; init; } = 0.02;
    public RobustLoss Loss { get; init; } = Defaults.RobustLoss;
    /// <summary>Smallest share of overlapping points that are ICP inliers.</summary>
    public double MinInlierShare { get; init; } = Defaults.MinInlierShare;
    /// <summary>Smallest share of the frame's points that land on reference geometry.</summary>
    public double MinOverlapShare { get; init; } = Defaults.MinOverlapShare;
    /// <summary>A direction of the block-scaled system whose eigenvalue is below the largest / this is degenerate:
    /// the solve holds it at the initial guess.</summary>
    public double MaxCondition { get; init; } = Defaults.MaxCondition;
    /// <summary>Most degenerate directions (of 6) an alignment may have and still succeed (3: a bare plane).</summary>
    public int MaxDegenerateDirections { get; init; } = Defaults.MaxDegenerateDirections;
    /// <summary>Largest correction of the initial pose that is still believed, metres and degrees.</summary>
    public double MaxCorrection { get; init; } = 0.5;
    public double MaxCorrectionDegrees { get; init; } = 45;
    /// <summary>A level is done when a step moves less than this, metres and radians.</summary>
    public double ConvergedTranslation { get; init; } = 1e-4;
    public double ConvergedRotation { get; init; } = 1e-4;

    public static OdometrySettings From(OdometryOptions options) => new()
    {
        Levels = options.Levels,
        FinestIterations = options.Iterations,
        DepthGate = options.DepthGate,
        NormalGateDegrees = options.NormalGateDegrees,
        PhotometricWeight = options.PhotometricWeight,
        FinestPhotometricWeight = options.FinestPhotometricWeight,
        Loss = options.RobustLoss,
        MinInlierShare = options.MinInlierShare,
        MinOverlapShare = options.MinOverlapShare,
        MaxCondition = options.MaxCondition,
        MaxDegenerateDirections = options.MaxDegenerateDirections,
    };

    /// <summary>The gates of level <paramref name="level"/>.</summary>
    public ResidualSettings ForLevel(int level) => new(
        DepthGate * (level + 1),
        Math.Cos(NormalGateDegrees * Math.PI / 180),
        level == 0 ? FinestPhotometricWeight : PhotometricWeight, Loss, DepthNoise, IntensityNoise);

    public int IterationsAt(int level) => FinestIterations << level;
}
