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
    public const double DefaultMaxDifference = 0.02;

    public static AssociationResult Associate(Trajectory estimate, Trajectory groundTruth, double maxDifference = DefaultMaxDifference)
    {
        if (!(maxDifference >= 0)) throw new ArgumentOutOfRangeException(nameof(maxDifference), "must be >= 0");
        var gtStamps = groundTruth.Select(p => p.Timestamp).ToArray();
        var gtOrder = Enumerable.Range(0, gtStamps.Length).OrderBy(i => gtStamps[i]).ToArray();
        var sortedStamps = gtOrder.Select(i => gtStamps[i]).ToArray();

        // Candidates within the window: binary search for each estimate, then scan outwards.
        var candidates = new List<(double Difference, int Estimate, int GroundTruth)>();
        for (int e = 0; e < estimate.Count; e++)
        {
            double t = estimate[e].Timestamp;
            int lo = LowerBound(sortedStamps, t - maxDifference);
            for (int k = lo; k < sortedStamps.Length && sortedStamps[k] <= t + maxDifference; k++)
            {
                double difference = Math.Abs(sortedStamps[k] - t);
                if (difference < maxDifference) candidates.Add((difference, e, gtOrder[k])); // strict, as TUM's associate
            }
        }
        candidates.Sort((a, b) => a.Difference != b.Difference ? a.Difference.CompareTo(b.Difference)
            : a.Estimate != b.Estimate ? a.Estimate.CompareTo(b.Estimate) : a.GroundTruth.CompareTo(b.GroundTruth));

        var usedEstimate = new bool[estimate.Count];
        var usedGroundTruth = new bool[groundTruth.Count];
        var pairs = new List<(int Estimate, int GroundTruth)>();
        foreach (var (_, e, g) in candidates)
        {
            if (usedEstimate[e] || usedGroundTruth[g]) continue;
            usedEstimate[e] = usedGroundTruth[g] = true;
            pairs.Add((e, g));
        }
        pairs.Sort((a, b) => estimate[a.Estimate].Timestamp.CompareTo(estimate[b.Estimate].Timestamp));
        return new AssociationResult(
            pairs.Select(p => new PosePair(estimate[p.Estimate], groundTruth[p.GroundTruth])).ToArray(),
            estimate.Count - pairs.Count,
            groundTruth.Count - pairs.Count);
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
