using NiceSlam.Core.Slam;

namespace NiceSlam.Node.Workers;

/// <summary>Latency to a frame's tracked pose (ms): median and 95th percentile over <see cref="Frames"/> tracked
/// frames (0 when none); from the frame's stamp, or from its receipt by the node when <see cref="FromReceipt"/> (the
/// stamps are not on the node's clock).</summary>
public readonly record struct LatencySummary(double MedianMs, double P95Ms, long Frames, bool FromReceipt = false)
{
    /// <summary>What the figures measure, for log lines.</summary>
    public string Label => FromReceipt ? "receipt-to-pose (stamps not on the node's clock)" : "stamp-to-pose";
}

/// <summary>
/// How far the node is behind its camera, for the status and the end-of-run summary: the latency from each tracked
/// frame's stamp to the moment its pose was posted (the tf publisher sends it from there), on the node's clock (wall
/// time on live topics; a played recording's time when one is played), and the mapping lag (the newest tracked
/// frame's stamp minus the newest mapped frame's). The recent window is the last <see cref="Window"/> frames; the
/// whole run is kept as a histogram of 1 ms bins up to 60 s (bounded memory however long the node runs).
/// A camera whose stamps are not on the node's clock (a device clock, a simulator's time without use_sim_time) would
/// show a latency of years: when the first tracked frame's stamp is more than <see cref="ForeignClockSeconds"/> from
/// the node's clock, latency is measured from the frame's receipt by the node instead (<see cref="NoteReceipt"/>) and
/// labelled so.
/// </summary>
public sealed class LiveTiming(Func<double> nowSeconds)
{
    public const int Window = 100;
    private const int Bins = 60_000;

    /// <summary>Stamps further than this from the node's clock are not on it.</summary>
    public const double ForeignClockSeconds = 60;

    private const int Receipts = 64;
    private readonly (double Stamp, double ReceivedAt)[] receipts = new (double, double)[Receipts];
    private int receiptNext;
    private bool? fromReceipt;              // decided by the first tracked frame

    private readonly object gate = new();
    private readonly double[] recent = new double[Window];
    private readonly long[] histogram = new long[Bins + 1];      // [ms bin], the last one: >= 60 s
    private int recentCount, recentNext;
    private long total;                     // frames with a latency
    private long tracked;                   // frames tracked
    private double firstTracked = double.NaN, newestTracked = double.NaN, newestMapped = double.NaN;

    /// <summary>Takes note of when the node received the frame stamped <paramref name="stampSeconds"/> (the input
    /// stage calls it for every frame it queues).</summary>
    public void NoteReceipt(double stampSeconds)
    {
        double now = nowSeconds();
        lock (gate)
        {
            receipts[receiptNext] = (stampSeconds, now);
            receiptNext = (receiptNext + 1) % Receipts;
        }
    }

    /// <summary>Whether latency is measured from receipt (the stamps are not on the node's clock); null before the first
    /// tracked frame.</summary>
    public bool? FromReceipt { get { lock (gate) return fromReceipt; } }

    /// <summary>Takes note of a report as it is posted: a tracked frame's latency, a mapped frame's stamp.</summary>
    public void Observe(FrameReport report)
    {
        if (report.Rejected) return;
        double now = nowSeconds();
        lock (gate)
        {
            if (report.Mapping is not null)
            {
                newestMapped = double.IsNaN(newestMapped) ? report.Timestamp : Math.Max(newestMapped, report.Timestamp);
                return;
            }
            if (report.Pose is null) return;
            newestTracked = double.IsNaN(newestTracked) ? report.Timestamp : Math.Max(newestTracked, report.Timestamp);
            firstTracked = double.IsNaN(firstTracked) ? report.Timestamp : Math.Min(firstTracked, report.Timestamp);
            tracked++;
            fromReceipt ??= Math.Abs(now - report.Timestamp) > ForeignClockSeconds;
            double since = report.Timestamp;
            if (fromReceipt == true)
            {
                if (ReceiptOf(report.Timestamp) is not double receivedAt) return;     // not seen by the input (a test's direct post)
                since = receivedAt;
            }
            double ms = Math.Max(0, (now - since) * 1000);
            recent[recentNext] = ms;
            recentNext = (recentNext + 1) % Window;
            recentCount = Math.Min(recentCount + 1, Window);
            histogram[(int)Math.Min(Bins, ms)]++;
            total++;
        }
    }

    /// <summary>The latency over the last <see cref="Window"/> tracked frames.</summary>
    public LatencySummary Recent()
    {
        lock (gate)
        {
            if (recentCount == 0) return default;
            var sorted = recent.Take(recentCount).Order().ToArray();
            return new LatencySummary(Quantile(sorted, 0.5), Quantile(sorted, 0.95), recentCount, fromReceipt == true);
        }
    }

    /// <summary>The latency over every tracked frame since the start (to the millisecond).</summary>
    public LatencySummary Whole()
    {
        lock (gate)
        {
            if (total == 0) return default;
            return new LatencySummary(HistogramQuantile(0.5), HistogramQuantile(0.95), total, fromReceipt == true);
        }
    }

    /// <summary>Seconds of camera time the mapper is behind tracking: the newest tracked frame's stamp minus the newest
    /// mapped frame's (0 before both, and when mapping has caught up).</summary>
    public double MappingLagSeconds
    {
        get
        {
            lock (gate)
                return double.IsNaN(newestTracked) || double.IsNaN(newestMapped) ? 0 : Math.Max(0, newestTracked - newestMapped);
        }
    }

    /// <summary>Tracked frames per second of camera time: the frames tracked after the first, over the stamps from the
    /// first tracked frame to the newest (NaN before two frames). A node that keeps up with a 30 Hz camera shows
    /// 30; one that drops every other frame, 15. Unlike frames over wall time, it does not count the time the node
    /// spends before the camera starts or after it stops (the first map, the last mapping calls, shutdown).</summary>
    public double TrackedPerCameraSecond
    {
        get
        {
            lock (gate)
                return tracked < 2 || !(newestTracked > firstTracked) ? double.NaN : (tracked - 1) / (newestTracked - firstTracked);
        }
    }

    /// <summary>Seconds from the receipt of the frame stamped <paramref name="stampSeconds"/> to now (null when its
    /// receipt is not known).</summary>
    public double? SinceReceipt(double stampSeconds)
    {
        double now = nowSeconds();
        lock (gate) return ReceiptOf(stampSeconds) is double at ? now - at : null;
    }

    private double? ReceiptOf(double stamp)
    {
        foreach (var (s, at) in receipts)
            if (at != 0 && Math.Abs(s - stamp) < 1e-6) return at;
        return null;
    }

    private static double Quantile(double[] sorted, double q) => sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(q * sorted.Length) - 1)];

    /// <summary>The bin's upper edge where the cumulative count reaches q of the total.</summary>
    private double HistogramQuantile(double q)
    {
        long needed = (long)Math.Ceiling(q * total), seen = 0;
        for (int bin = 0; bin <= Bins; bin++)
            if ((seen += histogram[bin]) >= needed) return bin + 1;
        return Bins + 1;
    }
}
