namespace NiceSlam.Node;

/// <summary>Counters shared by the workers; read as a consistent <see cref="Snapshot"/>.</summary>
public sealed class NodeStatus
{
    private readonly object gate = new();
    private long received, processed, rejected;
    private double lastProcessMs, lastDepthValidFraction;
    private string? lastRejection;

    public void FrameReceived() { lock (gate) received++; }

    public void FrameProcessed(double milliseconds, double validDepthFraction)
    {
        lock (gate)
        {
            processed++;
            lastProcessMs = milliseconds;
            lastDepthValidFraction = validDepthFraction;
        }
    }

    public void FrameRejected(string reason)
    {
        lock (gate)
        {
            rejected++;
            lastRejection = reason;
        }
    }

    public StatusSnapshot Snapshot(long dropped)
    {
        lock (gate) return new StatusSnapshot(received, processed, dropped, rejected, lastProcessMs, lastDepthValidFraction, lastRejection);
    }
}

/// <summary>One consistent reading of the node's counters.</summary>
public sealed record StatusSnapshot(
    long Received, long Processed, long Dropped, long Rejected, double LastProcessMs, double LastValidDepthFraction, string? LastRejection)
{
    public override string ToString() =>
        FormattableString.Invariant(
            $"frames received={Received} processed={Processed} dropped={Dropped} rejected={Rejected} last={LastProcessMs:0.0} ms valid-depth={LastValidDepthFraction:P0}");
}
