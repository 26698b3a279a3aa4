using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Tracking;

/// <summary>
/// What one dense RGB-D odometry alignment found: the relative pose (moving camera → reference camera), whether
/// the last level converged, and the figures its success is judged by at the finest level: the share of the moving
/// frame's points that land on reference geometry (overlap), the share of those that are ICP inliers, the robust
/// residual scales (depth σ_D in metres, intensity σ_I), the
/// condition number of the block-scaled 6 x 6 system, iterations and time. <see cref="Failure"/> says why the
/// pose is not to be trusted (null: it is).
/// </summary>
public sealed record OdometryResult(RigidTransform Relative, bool Converged, string? Failure, double OverlapShare, double InlierShare,
    double DepthScale, double IntensityScale, double Condition, int Iterations, double Milliseconds)
{
    public bool Succeeded => Failure is null;

    /// <summary>Directions (of 6) the finest level's system left unconstrained; the pose keeps the initial guess
    /// along them.</summary>
    public int DegenerateDirections { get; init; }

    /// <summary>The alignment failed the inlier gate alone (<see cref="OdometrySettings.MinInlierShare"/>): it converged
    /// to a believable pose with enough overlap, but too few of the overlapping points agree to trust it as a
    /// reference (a blurred frame, a moving object).</summary>
    public bool FailedOnlyInliers { get; init; }

    public override string ToString() => FormattableString.Invariant(
        $"{(Succeeded ? "ok" : $"failed ({Failure})")}: overlap {OverlapShare:P0}, inliers {InlierShare:P0}, σD {DepthScale * 1000:0.0} mm, σI {IntensityScale:0.000}, condition {Condition:0}{(DegenerateDirections > 0 ? $" ({DegenerateDirections} held)" : "")}, {Iterations} it, {Milliseconds:0.0} ms");
}
