using System.Diagnostics;
using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Tracking;

/// <summary>
/// Dense RGB-D odometry, coarse to fine (DVO, Open3D's hybrid odometry, KinectFusion's ICP): at each pyramid level,
/// Gauss-Newton on the hybrid objective (<see cref="HybridResiduals"/>: point-to-plane ICP + photometric, robust
/// weights, gated projective correspondences), one 6 x 6 double-precision solve per iteration
/// (<see cref="GaussNewtonStep"/>), the pose updated by exp(ξ) on the left until the step is negligible. Directions
/// the scene does not constrain (a wall's stripes, a bare plane) keep the initial guess (the constant-velocity
/// prediction) while the others are solved; more than <see cref="OdometrySettings.MaxDegenerateDirections"/> of them
/// fail the alignment. The result says whether the pose can be trusted (<see cref="OdometryResult"/>).
/// </summary>
internal sealed class RgbdOdometry(OdometrySettings settings)
{
    public OdometrySettings Settings => settings;

    /// <summary>
    /// Aligns <paramref name="moving"/> to <paramref name="reference"/> from <paramref name="initial"/> (moving camera →
    /// reference camera). <paramref name="wideBasin"/>: the coarsest level first runs with gates widened by
    /// <see cref="WideBasinFactor"/> and that many times its iterations (for recovery, far from the answer).
    /// Reference level l meets moving level l + <paramref name="movingOffset"/> (a reference rendered at a lower
    /// resolution than the frame). <paramref name="movingReadout"/>: the moving frame's rolling-shutter motion as a
    /// function of the pose being solved (the velocity from the frame before to it), evaluated afresh each iteration;
    /// without it, the motion the moving pyramid was unrolled with (<see cref="RgbdPyramid.Readout"/>).
    /// <paramref name="companion"/>: a second reference whose residuals join the reference's at the finest level
    /// (<see cref="CompanionReference"/>); the gates are judged on the reference's alone.
    /// </summary>
    public OdometryResult Align(RgbdPyramid reference, RgbdPyramid moving, RigidTransform initial, bool wideBasin = false, int movingOffset = 0,
        Func<RigidTransform, ReadoutMotion>? movingReadout = null, CompanionReference? companion = null)
    {
        var watch = Stopwatch.StartNew();
        int available = Math.Min(reference.Count, moving.Count - movingOffset);
        int levels = Math.Min(available, settings.Levels - movingOffset + (wideBasin ? 1 : 0));
        if (levels < 1) throw new ArgumentException($"no pyramid level to align (offset {movingOffset})", nameof(movingOffset));
        const int finestLevel = 0;
        var pose = initial;
        GaussNewtonStep? last = null;
        HybridEquations? lastEquations = null;                           // the last step's, for the reported σD
        bool converged = false;
        int iterations = 0;
        // Passes: rotation alone at the coarsest level first (ElasticFusion's SO(3) pre-alignment: a fast turn moves
        // the image most, and a translation step taken before the rotation is known trades one for the other), then
        // every level coarse to fine. A wide basin starts one level coarser (the pyramid's extra level).
        var passes = new List<(int Level, int Iterations, bool RotationOnly)>();
        int coarsest = levels - 1;
        if (settings.RotationIterations > 0) passes.Add((coarsest, settings.RotationIterations, true));
        for (int level = coarsest; level >= finestLevel; level--) passes.Add((level, settings.IterationsAt(level + movingOffset), false));
        try
        {
            foreach (var (level, count, rotationOnly) in passes)
            {
                var gates = settings.ForLevel(level + movingOffset);
                converged = false;
                for (int i = 0; i < count; i++)
                {
                    lastEquations?.Dispose();
                    var motion = movingReadout?.Invoke(pose) ?? moving.Readout;
                    lastEquations = HybridResiduals.Evaluate(reference[level], moving[level + movingOffset], pose, gates, motion);
                    if (companion is { } second && level == finestLevel && movingOffset == 0 && !rotationOnly)
                    {
                        using var joined = HybridResiduals.Evaluate(second.Pyramid[level], moving[level], second.FromReference * pose, gates, motion);
                        lastEquations.Add(joined, second.FromReference, second.Weight);
                    }
                    last = GaussNewtonStep.Solve(lastEquations.Values, rotationOnly, settings.MaxCondition);
                    iterations++;
                    if (!last.Solvable) break;                               // nothing to solve: keep the pose
                    pose = Se3.Orthonormalised(Se3.Exp(Limited(last.Twist, gates.DepthGate)) * pose);
                    if (last.TranslationNorm < settings.ConvergedTranslation && last.RotationNorm < settings.ConvergedRotation)
                    {
                        converged = true;
                        break;
                    }
                }
            }
            // Directions the finest level could not measure keep the prediction over the whole alignment: the coarser
            // levels, where they were still (weakly) constrained, may have moved them, and a pose carried along such
            // a direction frame after frame runs away (a camera sliding along a striped wall).
            if (last is { Solvable: true, HeldProjector: not null })
                pose = Se3.Orthonormalised(Se3.Exp(last.WithoutHeld(Se3.Log(pose * initial.Inverse()))) * initial);
            // The reported σD (metres) of the last step's residuals, read once rather than every iteration.
            if (last is not null && lastEquations is not null) last = last with { DepthScale = lastEquations.DepthScale() };
        }
        finally
        {
            lastEquations?.Dispose();
        }
        string? failure = Judge(last, pose, initial);
        string? inliers = last is not null && last.InlierShare < settings.MinInlierShare
            ? FormattableString.Invariant($"inlier share {last.InlierShare:P0} < {settings.MinInlierShare:P0}") : null;
        return new OdometryResult(pose, converged, failure ?? inliers, last?.OverlapShare ?? 0, last?.InlierShare ?? 0, last?.DepthScale ?? double.NaN,
            last?.IntensityScale ?? double.NaN, last?.Condition ?? double.PositiveInfinity, iterations, watch.Elapsed.TotalMilliseconds)
        {
            DegenerateDirections = last?.DegenerateDirections ?? 0,
            FailedOnlyInliers = failure is null && inliers is not null,
        };
    }

    /// <summary>Largest rotation of one step, radians (about 6°).</summary>
    public const double MaxStepRotation = 0.1;

    /// <summary>The step scaled down (direction kept) so that it moves by at most the depth gate and
    /// <see cref="MaxStepRotation"/>: a trust region against the wild first steps of a poorly constrained level.</summary>
    private static double[] Limited(double[] twist, double maxTranslation)
    {
        double t = Math.Sqrt(twist[0] * twist[0] + twist[1] * twist[1] + twist[2] * twist[2]);
        double r = Math.Sqrt(twist[3] * twist[3] + twist[4] * twist[4] + twist[5] * twist[5]);
        double scale = Math.Min(1, Math.Min(maxTranslation / Math.Max(t, 1e-12), MaxStepRotation / Math.Max(r, 1e-12)));
        return scale >= 1 ? twist : [.. twist.Select(x => x * scale)];
    }

    /// <summary>Why the pose is not to be trusted, the inlier gate left out (the caller adds it: a failure on it
    /// alone is told apart).</summary>
    private string? Judge(GaussNewtonStep? last, RigidTransform pose, RigidTransform initial)
    {
        if (last is null) return "no level to align";
        if (!pose.ToMatrix().All(double.IsFinite)) return "diverged";
        if (!last.Solvable) return $"too few correspondences ({last.IcpInliers + last.Correspondences})";
        if (last.OverlapShare < settings.MinOverlapShare) return FormattableString.Invariant($"overlap {last.OverlapShare:P0} < {settings.MinOverlapShare:P0}");
        if (last.DegenerateDirections > settings.MaxDegenerateDirections)
            return FormattableString.Invariant($"degenerate: {last.DegenerateDirections} of 6 directions unconstrained (condition {last.Condition:0.#e0}; at most {settings.MaxDegenerateDirections} may keep the prediction)");
        var correction = initial.Inverse() * pose;
        if (correction.TranslationNorm() > settings.MaxCorrection || correction.RotationAngle() * 180 / Math.PI > settings.MaxCorrectionDegrees)
            return FormattableString.Invariant($"correction {correction.TranslationNorm():0.00} m / {correction.RotationAngle() * 180 / Math.PI:0.0}° beyond belief");
        return null;
    }
}

/// <summary>
/// A second frame the odometry aligns to beside its reference, at the finest level: its residuals, at
/// <paramref name="Weight"/> x their own weights, join the reference's in one Gauss-Newton system for the same pose.
/// <paramref name="FromReference"/> takes the reference camera to this frame's (camera-to-camera, C = P₂⁻¹ P₁), so the
/// moving frame's pose against it is C T. The tracker uses the last tracked frame: it was seen a frame ago, blurred and
/// sheared as the moving frame is, where the keyframe may be several fast frames old.
/// </summary>
internal readonly record struct CompanionReference(RgbdPyramid Pyramid, RigidTransform FromReference, double Weight);
