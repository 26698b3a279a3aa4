namespace NiceSlam.Data.Evaluation;

/// <summary>Summary statistics of a list of non-negative errors (same unit as the errors).</summary>
public sealed record ErrorStatistics(int Count, double Rmse, double Mean, double Median, double Std, double Min, double Max)
{
    public static ErrorStatistics Of(IReadOnlyCollection<double> errors)
    {
        if (errors.Count == 0) throw new ArgumentException("no errors to summarise (nothing was matched)");
        var sorted = errors.OrderBy(e => e).ToArray();
        double mean = sorted.Average();
        double rmse = Math.Sqrt(sorted.Average(e => e * e));
        double std = Math.Sqrt(Math.Max(0, sorted.Average(e => e * e) - mean * mean));
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        return new ErrorStatistics(n, rmse, mean, median, std, sorted[0], sorted[^1]);
    }
}
