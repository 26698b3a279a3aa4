namespace NiceSlam.Node.Input;

/// <summary>
/// Estimates how many messages of a fixed-rate stream (a camera's colour images) never reached the node, from gaps in
/// their stamps: Cyclone DDS 0.10 reports no loss for a best-effort reader (its sample-lost status counts only samples
/// an instance refused), so a frame lost on the way, in the driver or in a socket buffer, shows only as a gap. The
/// stream's period is the median of the last <see cref="Window"/> stamp intervals; an interval of k periods (k ≥ 1.5,
/// rounded) counts k - 1 missing messages. Stamps that go back or repeat are ignored here (the input stage rejects
/// them). Not thread-safe: one stream, one caller at a time.
/// </summary>
public sealed class StampGapCounter
{
    public const int Window = 15;

    private readonly double[] intervals = new double[Window];
    private int count, next;
    private double? last;

    /// <summary>Messages estimated missing so far.</summary>
    public long Missing { get; private set; }

    /// <summary>The stream's period estimate, seconds (NaN before <see cref="Window"/> / 3 intervals).</summary>
    public double Period
    {
        get
        {
            if (count < Window / 3) return double.NaN;
            var sorted = intervals.Take(count).Order().ToArray();
            return sorted[sorted.Length / 2];
        }
    }

    /// <summary>Takes note of the next message's stamp (seconds); returns the messages estimated missing before it.</summary>
    public long Add(double stampSeconds)
    {
        if (last is not double previous || stampSeconds <= previous)
        {
            last ??= stampSeconds;
            return 0;
        }
        last = stampSeconds;
        double interval = stampSeconds - previous, period = Period;
        long missing = 0;
        if (double.IsFinite(period) && period > 0 && interval >= 1.5 * period)
            missing = (long)Math.Round(interval / period) - 1;
        else
        {
            intervals[next] = interval;                // a gap does not enter the period estimate
            next = (next + 1) % Window;
            count = Math.Min(count + 1, Window);
        }
        Missing += missing;
        return missing;
    }
}
