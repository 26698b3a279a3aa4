namespace NiceSlam.Core.Tracking;

/// <summary>
/// The running median of the rendering loss of the last well-tracked frames, and whether a new loss jumps far
/// above it (Gaussian-SLAM re-initialises when its render loss jumps 50x; ours is a setting). The median is robust
/// to the odd bad frame and follows the slow change of the loss as the map grows.
/// </summary>
internal sealed class LossMonitor(int window, double factor)
{
    /// <summary>Losses seen before a jump can be called.</summary>
    public const int MinimumHistory = 5;

    private readonly Queue<double> recent = new();

    public int Count => recent.Count;

    /// <summary>The median of the recent losses (NaN when none).</summary>
    public double Median
    {
        get
        {
            if (recent.Count == 0) return double.NaN;
            var sorted = recent.Order().ToArray();
            int n = sorted.Length;
            return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        }
    }

    /// <summary>True when <paramref name="loss"/> exceeds <c>factor</c> x the median (never before
    /// <see cref="MinimumHistory"/> losses, never with factor 0; a non-finite loss (nothing to compare) is no jump).</summary>
    public bool IsJump(double loss)
    {
        return double.IsFinite(loss) && factor > 0 && recent.Count >= MinimumHistory && loss > factor * Median;
    }

    /// <summary>Adds the loss of a frame that was tracked well.</summary>
    public void Add(double loss)
    {
        if (!double.IsFinite(loss)) return;
        recent.Enqueue(loss);
        while (recent.Count > window) recent.Dequeue();
    }

    public void Clear() => recent.Clear();
}
