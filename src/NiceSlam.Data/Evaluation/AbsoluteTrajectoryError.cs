using NiceSlam.Data.Trajectories;

namespace NiceSlam.Data.Evaluation;

/// <summary>Translation error of one pose after alignment.</summary>
public readonly record struct PoseError(double Timestamp, double Error);

/// <summary>ATE result: statistics in metres, the alignment applied to the estimate, per-pose errors, and the
/// aligned estimate (for plots).</summary>
public sealed record AteResult(ErrorStatistics Statistics, Alignment Alignment, IReadOnlyList<PoseError> Errors,
    Trajectory AlignedEstimate, Trajectory MatchedGroundTruth, int UnmatchedEstimates);

/// <summary>
/// Absolute trajectory error as the TUM benchmark (evaluate_ate) and NICE-SLAM define it: match poses by time,
/// align the estimated positions to the ground truth with the closed-form rigid transform (no scale), and take
/// the RMSE of the remaining position differences.
/// </summary>
public static class AbsoluteTrajectoryError
{
    public static AteResult Compute(Trajectory estimate, Trajectory groundTruth,
        double maxDifference = TrajectoryAssociation.DefaultMaxDifference, bool withScale = false)
    {
        var association = TrajectoryAssociation.Associate(estimate, groundTruth, maxDifference);
        if (association.Pairs.Count < 3)
            throw new ArgumentException($"only {association.Pairs.Count} poses matched within {maxDifference} s: ATE needs at least 3");
        var est = association.Pairs.Select(p => (p.Estimate.Pose.Tx, p.Estimate.Pose.Ty, p.Estimate.Pose.Tz)).ToArray();
        var gt = association.Pairs.Select(p => (p.GroundTruth.Pose.Tx, p.GroundTruth.Pose.Ty, p.GroundTruth.Pose.Tz)).ToArray();
        var alignment = RigidAlignment.Align(est, gt, withScale);

        var errors = new List<PoseError>(est.Length);
        var aligned = new List<StampedPose>(est.Length);
        for (int i = 0; i < est.Length; i++)
        {
            var (x, y, z) = alignment.Apply(est[i].Tx, est[i].Ty, est[i].Tz);
            errors.Add(new PoseError(association.Pairs[i].Estimate.Timestamp,
                Math.Sqrt(Math.Pow(x - gt[i].Tx, 2) + Math.Pow(y - gt[i].Ty, 2) + Math.Pow(z - gt[i].Tz, 2))));
            var movedPose = alignment.Transform * association.Pairs[i].Estimate.Pose;
            aligned.Add(new StampedPose(association.Pairs[i].Estimate.Timestamp,
                new Core.Geometry.RigidTransform(movedPose.RotationRowMajor(), x, y, z)));
        }
        return new AteResult(ErrorStatistics.Of(errors.Select(e => e.Error).ToArray()), alignment, errors,
            new Trajectory(aligned), new Trajectory(association.Pairs.Select(p => p.GroundTruth)), association.UnmatchedEstimates);
    }
}
