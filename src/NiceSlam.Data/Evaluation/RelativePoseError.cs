using NiceSlam.Core.Geometry;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Data.Evaluation;

/// <summary>RPE result: translational errors in metres, rotational errors in degrees.</summary>
/// <param name="Delta">The step in matched poses; 0 when the step was given in seconds.</param>
/// <param name="DeltaSeconds">The step in seconds; null when the step was given in poses.</param>
public sealed record RpeResult(int Delta, ErrorStatistics Translation, ErrorStatistics RotationDegrees, double? DeltaSeconds = null);

/// <summary>
/// Relative pose error (Sturm et al. 2012, TUM evaluate_rpe) over a fixed step, in matched poses or in seconds:
/// Eᵢ = (Gᵢ⁻¹ Gⱼ)⁻¹ (Pᵢ⁻¹ Pⱼ) with j the pose one step after i; the translation norm and rotation angle of Eᵢ
/// measure the drift per step, independent of any global alignment (none is applied).
/// </summary>
public static class RelativePoseError
{
    /// <summary>RPE with a step of <paramref name="delta"/> matched poses (1: consecutive frames).</summary>
    public static RpeResult Compute(Trajectory estimate, Trajectory groundTruth, int delta = 1,
        double maxDifference = TrajectoryAssociation.DefaultMaxDifference)
    {
        if (delta < 1) throw new ArgumentOutOfRangeException(nameof(delta), "delta must be >= 1");
        var pairs = TrajectoryAssociation.Associate(estimate, groundTruth, maxDifference).Pairs;
        if (pairs.Count <= delta) throw new ArgumentException($"only {pairs.Count} poses matched: RPE with delta {delta} needs more");
        var steps = Enumerable.Range(0, pairs.Count - delta).Select(i => (i, i + delta));
        var (translation, rotation) = Errors(pairs, steps);
        return new RpeResult(delta, translation, rotation);
    }

    /// <summary>
    /// RPE with a step of <paramref name="deltaSeconds"/>: each matched pose i is paired with the matched pose j
    /// whose (estimate) timestamp is closest to tᵢ + Δ. That pose must lie within half a frame interval (the median
    /// spacing of the matched poses) and within Δ/2 of tᵢ + Δ; where it does not (tᵢ + Δ falls into a gap or past
    /// the end of the trajectory) the step is skipped rather than paired with a shorter or longer one.
    /// </summary>
    public static RpeResult ComputeByTime(Trajectory estimate, Trajectory groundTruth, double deltaSeconds,
        double maxDifference = TrajectoryAssociation.DefaultMaxDifference)
    {
        if (!(deltaSeconds > 0) || !double.IsFinite(deltaSeconds))
            throw new ArgumentOutOfRangeException(nameof(deltaSeconds), "delta must be a positive number of seconds");
        var pairs = TrajectoryAssociation.Associate(estimate, groundTruth, maxDifference).Pairs;
        double[] stamps = pairs.Select(p => p.Estimate.Timestamp).ToArray(); // sorted by the association
        var steps = new List<(int, int)>();
        if (stamps.Length >= 2)
        {
            double[] intervals = stamps.Zip(stamps.Skip(1), (a, b) => b - a).Order().ToArray();
            double tolerance = Math.Min(0.5 * intervals[intervals.Length / 2], 0.5 * deltaSeconds) + 1e-9;
            for (int i = 0; i < stamps.Length; i++)
            {
                double target = stamps[i] + deltaSeconds;
                int j = Closest(stamps, target);
                if (j > i && Math.Abs(stamps[j] - target) <= tolerance) steps.Add((i, j));
            }
        }
        if (steps.Count == 0)
            throw new ArgumentException($"no pair of the {pairs.Count} matched poses is {deltaSeconds} s apart: RPE needs a longer trajectory or a shorter delta");
        var (translation, rotation) = Errors(pairs, steps);
        return new RpeResult(0, translation, rotation, deltaSeconds);
    }

    private static (ErrorStatistics Translation, ErrorStatistics Rotation) Errors(IReadOnlyList<PosePair> pairs, IEnumerable<(int I, int J)> steps)
    {
        var translation = new List<double>();
        var rotation = new List<double>();
        foreach (var (i, j) in steps)
        {
            RigidTransform gtStep = pairs[i].GroundTruth.Pose.Inverse() * pairs[j].GroundTruth.Pose;
            RigidTransform estStep = pairs[i].Estimate.Pose.Inverse() * pairs[j].Estimate.Pose;
            RigidTransform error = gtStep.Inverse() * estStep;
            translation.Add(error.TranslationNorm());
            rotation.Add(error.RotationAngle() * 180 / Math.PI);
        }
        return (ErrorStatistics.Of(translation), ErrorStatistics.Of(rotation));
    }

    /// <summary>Index of the sorted value closest to <paramref name="value"/> (the first one on a tie).</summary>
    private static int Closest(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        if (lo == sorted.Length) return sorted.Length - 1;
        if (lo > 0 && value - sorted[lo - 1] <= sorted[lo] - value) return lo - 1;
        return lo;
    }
}
