using NiceSlam.Data.Datasets;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Data.Evaluation;

/// <summary>An estimated pose and the ground-truth pose matched to it.</summary>
public readonly record struct PosePair(StampedPose Estimate, StampedPose GroundTruth);

/// <summary>The matched pairs, sorted by estimate time, and what could not be matched.</summary>
public sealed record AssociationResult(IReadOnlyList<PosePair> Pairs, int UnmatchedEstimates, int UnmatchedGroundTruth);

/// <summary>
/// Pairs an estimated trajectory with ground truth by timestamp, with the TUM benchmark's associate policy:
/// all candidate pairs strictly closer than <c>maxDifference</c> seconds, taken greedily from the closest, each pose used
/// at most once.
/// </summary>
public static class TrajectoryAssociation
{
    public const double DefaultMaxDifference = TumAssociation.DefaultMaxDifference;

    public static AssociationResult Associate(Trajectory estimate, Trajectory groundTruth, double maxDifference = DefaultMaxDifference)
    {
        // The same policy as pairing colour with depth images: one implementation serves both.
        var pairs = TumAssociation.Associate(
            estimate.Select(p => p.Timestamp).ToArray(), groundTruth.Select(p => p.Timestamp).ToArray(), maxDifference);
        return new AssociationResult(
            pairs.Select(p => new PosePair(estimate[p.RgbIndex], groundTruth[p.DepthIndex])).ToArray(),
            estimate.Count - pairs.Count,
            groundTruth.Count - pairs.Count);
    }
}
