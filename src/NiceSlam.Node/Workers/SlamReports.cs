using System.Threading.Channels;
using NiceSlam.Core.Slam;

namespace NiceSlam.Node.Workers;

/// <summary>
/// The workers' reports (every tracked or rejected frame, every mapping call) for whoever wants them: each
/// subscriber reads its own bounded stream (the newest reports kept when it falls behind), so a slow publisher never
/// stalls a worker. Also keeps the last tracked and the last mapping report for the status, and has
/// <see cref="LiveTiming"/> (when given) note each report's latency as it is posted.
/// </summary>
public sealed class SlamReports(LiveTiming? timing = null)
{
    private readonly object gate = new();
    private readonly List<Channel<FrameReport>> subscribers = [];
    private FrameReport? lastTracked, lastMapped;

    /// <summary>A stream of every report posted from now on (the newest <paramref name="capacity"/> kept).</summary>
    public ChannelReader<FrameReport> Subscribe(int capacity = 256)
    {
        var channel = Channel.CreateBounded<FrameReport>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (gate) subscribers.Add(channel);
        return channel.Reader;
    }

    /// <summary>The last tracked frame's report and the last mapping call's report.</summary>
    public (FrameReport? Tracked, FrameReport? Mapped) Last { get { lock (gate) return (lastTracked, lastMapped); } }

    /// <summary>Records and posts a report; never blocks.</summary>
    public void Post(FrameReport report)
    {
        timing?.Observe(report);
        lock (gate)
        {
            if (report.Mapping is not null) lastMapped = report;
            else if (report.Pose is not null) lastTracked = report;
            foreach (var s in subscribers) s.Writer.TryWrite(report);
        }
    }

    /// <summary>No more reports: every stream ends after what it holds.</summary>
    public void Complete()
    {
        lock (gate)
            foreach (var s in subscribers) s.Writer.TryComplete();
    }
}
