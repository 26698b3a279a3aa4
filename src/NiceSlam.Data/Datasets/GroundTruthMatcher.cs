using NiceSlam.Core.Geometry;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Data.Datasets;

/// <summary>How a frame gets its ground-truth pose from a stamped trajectory.</summary>
public enum GroundTruthMatching
{
    /// <summary>The pose with the closest stamp, if within the maximum difference.</summary>
    Nearest,

    /// <summary>Interpolated between the two poses bracketing the frame's stamp (see <see cref="GroundTruthMatcher.Interpolated"/>).</summary>
    Interpolated,

    /// <summary>The i-th pose for the i-th frame, ignoring stamps (lists of equal length only).</summary>
    ByOrder,

    /// <summary>Frame stamps that are whole numbers are positions in the pose file: the frame stamped N takes the
    /// N-th pose (from 0). For keyframe extracts whose lists use frame indices as stamps and hold only some of the
    /// frames (starting anywhere, with gaps) while the pose file keeps all of them.</summary>
    ByIndex,
}

/// <summary>
/// Looks up ground-truth camera-to-world poses for frame timestamps. The trajectory is sorted by time here; a
/// result of null means "no ground truth for this frame".
/// </summary>
public sealed class GroundTruthMatcher
{
    /// <summary>Largest stamp difference matched, seconds: the same tolerance as colour-depth pairing.</summary>
    public const double DefaultMaxDifference = TumAssociation.DefaultMaxDifference;

    private readonly double[] stamps;
    private readonly RigidTransform[] poses;

    public GroundTruthMatcher(Trajectory groundTruth, double maxDifference = DefaultMaxDifference)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        if (!(maxDifference >= 0)) throw new ArgumentOutOfRangeException(nameof(maxDifference), "must be >= 0");
        var sorted = groundTruth.OrderBy(p => p.Timestamp).ToArray();
        stamps = sorted.Select(p => p.Timestamp).ToArray();
        poses = sorted.Select(p => p.Pose).ToArray();
        MaxDifference = maxDifference;
    }

    public double MaxDifference { get; }

    public int Count => stamps.Length;

    /// <summary>The pose for <paramref name="timestamp"/> by <paramref name="matching"/> (Nearest or Interpolated;
    /// ByOrder needs the frame's position and is done by the dataset).</summary>
    public RigidTransform? Match(double timestamp, GroundTruthMatching matching) => matching switch
    {
        GroundTruthMatching.Nearest => Nearest(timestamp),
        GroundTruthMatching.Interpolated => Interpolated(timestamp),
        _ => throw new ArgumentException($"{matching} matching does not work by timestamp", nameof(matching)),
    };

    /// <summary>|dt| to the closest ground-truth stamp (infinity when there is none).</summary>
    public double NearestDifference(double timestamp)
    {
        int i = NearestIndex(timestamp);
        return i < 0 ? double.PositiveInfinity : Math.Abs(stamps[i] - timestamp);
    }

    /// <summary>The pose with the closest stamp when |dt| &lt;= <see cref="MaxDifference"/>, else null.</summary>
    public RigidTransform? Nearest(double timestamp)
    {
        int i = NearestIndex(timestamp);
        return i >= 0 && Math.Abs(stamps[i] - timestamp) <= MaxDifference ? poses[i] : null;
    }

    /// <summary>
    /// Rule: t must lie within [first, last] ground-truth stamp (else null). When a ground-truth stamp equals t, its
    /// pose. Otherwise the poses a (last stamp &lt; t) and b (first stamp &gt; t) must both be within
    /// <see cref="MaxDifference"/> of t (so a gap in the ground truth is never bridged); the result is a at
    /// s = (t - t_a) / (t_b - t_a) along a→b: translation linear, rotation slerp.
    /// </summary>
    public RigidTransform? Interpolated(double timestamp)
    {
        if (stamps.Length == 0 || timestamp < stamps[0] || timestamp > stamps[^1]) return null;
        int b = LowerBound(timestamp); // first stamp >= t; exists since t <= last
        if (stamps[b] == timestamp) return poses[b];
        int a = b - 1;                  // exists since t > first
        if (timestamp - stamps[a] > MaxDifference || stamps[b] - timestamp > MaxDifference) return null;
        double s = (timestamp - stamps[a]) / (stamps[b] - stamps[a]);
        return RigidTransform.Interpolate(poses[a], poses[b], s);
    }

    private int NearestIndex(double timestamp)
    {
        if (stamps.Length == 0) return -1;
        int b = LowerBound(timestamp);
        if (b == stamps.Length) return b - 1;
        if (b == 0) return 0;
        return timestamp - stamps[b - 1] <= stamps[b] - timestamp ? b - 1 : b;
    }

    private int LowerBound(double value)
    {
        int lo = 0, hi = stamps.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (stamps[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
