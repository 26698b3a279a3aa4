using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Scenes;

/// <summary>Draws indices with probability proportional to non-negative weights (areas), on a torch generator.</summary>
internal static class SurfaceChoice
{
    /// <summary>[count] int64 indices into <paramref name="weights"/>; a zero weight is never drawn.</summary>
    public static Tensor Draw(IReadOnlyList<double> weights, int count, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        double total = 0;
        foreach (double w in weights)
        {
            if (!(w >= 0) || !double.IsFinite(w)) throw new ArgumentException($"weights must be finite and >= 0, got {w}");
            total += w;
        }
        if (!(total > 0)) throw new ArgumentException("weights must not all be zero");
        var cdf = new double[weights.Count];
        double running = 0;
        for (int i = 0; i < cdf.Length; i++)
        {
            running += weights[i];
            cdf[i] = running / total;
        }
        // The last non-zero entry is exactly 1 so that u in [0, 1) always falls inside; later zero weights stay out.
        for (int i = cdf.Length - 1; i >= 0; i--)
        {
            cdf[i] = 1.0;
            if (weights[i] > 0) break;
        }
        using var scope = NewDisposeScope();
        var u = rand(new long[] { count }, ScalarType.Float64, generator: generator);
        var index = searchsorted(tensor(cdf, ScalarType.Float64), u, right: true);
        return index.clamp_max(cdf.Length - 1).MoveToOuterDisposeScope();
    }
}
