using NiceSlam.Core.Geometry;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Data.Evaluation;

/// <summary>RPE result: translational errors in metres, rotational errors in degrees.</summary>
public sealed record RpeResult(int Delta, ErrorStatistics Translation, ErrorStatistics RotationDegrees);

/// <summary>
/// Relative pose error over a fixed step of <c>delta</c> matched poses (TUM evaluate_rpe):
/// Eᵢ = (Gᵢ⁻¹ Gᵢ₊δ)⁻¹ (Pᵢ⁻¹ Pᵢ₊δ); drift per step, independent of any global alignment.
/// </summary>
public static class RelativePoseError
{
    public static RpeResult Compute(Trajectory estimate, Trajectory groundTruth, int delta = 1,
        double maxDifference = TrajectoryAssociation.DefaultMaxDifference)
    {
        if (delta < 1) throw new ArgumentOutOfRangeException(nameof(delta), "delta must be >= 1");
        var pairs = TrajectoryAssociation.Associate(estimate, groundTruth, maxDifference).Pairs;
        if (pairs.Count <= delta) throw new ArgumentException($"only {pairs.Count} poses matched: RPE with delta {delta} needs more");
        var translation = new List<double>();
        var rotation = new List<double>();
        for (int i = 0; i + delta < pairs.Count; i++)
        {
            RigidTransform gtStep = pairs[i].GroundTruth.Pose.Inverse() * pairs[i + delta].GroundTruth.Pose;
            RigidTransform estStep = pairs[i].Estimate.Pose.Inverse() * pairs[i + delta].Estimate.Pose;
            RigidTransform error = gtStep.Inverse() * estStep;
            translation.Add(error.TranslationNorm());
            rotation.Add(error.RotationAngle() * 180 / Math.PI);
        }
        return new RpeResult(delta, ErrorStatistics.Of(translation), ErrorStatistics.Of(rotation));
    }
}
