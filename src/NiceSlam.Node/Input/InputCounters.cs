namespace NiceSlam.Node.Input;

/// <summary>
/// What the input stage has seen, for status reports: colour/depth sets out of the synchronizer, frames queued,
/// and rejections by category. A rejection is one refused set or frame, or one single message refused before
/// pairing (a stamp going backwards, a message the synchronizer discarded). Thread-safe.
/// </summary>
public sealed class InputCounters
{
    private readonly long[] rejectedBy = new long[Enum.GetValues<InputRejection>().Length];
    private long receivedSets;
    private long accepted;
    private long rejected;
    private string? lastRejection;

    /// <summary>Colour/depth pairs the synchronizer produced.</summary>
    public long ReceivedSets => Interlocked.Read(ref receivedSets);

    /// <summary>Frames handed to the queue.</summary>
    public long Accepted => Interlocked.Read(ref accepted);

    /// <summary>All rejections.</summary>
    public long Rejected => Interlocked.Read(ref rejected);

    /// <summary>Rejections of one category.</summary>
    public long RejectedBy(InputRejection reason) => Interlocked.Read(ref rejectedBy[Index(reason)]);

    /// <summary>"Category: message" of the latest rejection; null before the first.</summary>
    public string? LastRejection => Volatile.Read(ref lastRejection);

    internal void CountSet() => Interlocked.Increment(ref receivedSets);

    internal void CountAccepted() => Interlocked.Increment(ref accepted);

    internal void CountRejected(InputRejection reason, string message, long count = 1)
    {
        if (count <= 0) return;
        Interlocked.Add(ref rejectedBy[Index(reason)], count);
        Interlocked.Add(ref rejected, count);
        Volatile.Write(ref lastRejection, $"{reason}: {message}");
    }

    private static int Index(InputRejection reason) =>
        (uint)reason < (uint)Enum.GetValues<InputRejection>().Length
            ? (int)reason
            : throw new ArgumentOutOfRangeException(nameof(reason), $"unknown rejection category {reason}");

    public override string ToString() =>
        $"sets {ReceivedSets}, accepted {Accepted}, rejected {Rejected} ("
        + string.Join(", ", Enum.GetValues<InputRejection>().Where(r => RejectedBy(r) > 0).Select(r => $"{r} {RejectedBy(r)}")) + ")";
}
