using System.Threading.Channels;
using NiceSlam.Core.Frames;

namespace NiceSlam.Node;

/// <summary>
/// The bounded hand-off between the input stage and the tracker. When it is full the oldest frame is dropped
/// (the tracker always works on the newest frames it can), and every drop is counted. Memory is bounded by
/// <see cref="Capacity"/> frames whatever the input rate.
/// </summary>
public sealed class FrameQueue
{
    private readonly Channel<RgbdFrame> channel;
    private long dropped;
    private long enqueued;

    public FrameQueue(int capacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), "queue capacity must be at least 1");
        Capacity = capacity;
        channel = Channel.CreateBounded<RgbdFrame>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref dropped));
    }

    public int Capacity { get; }

    /// <summary>Frames dropped because the consumer fell behind.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Frames offered to the queue.</summary>
    public long Enqueued => Interlocked.Read(ref enqueued);

    public int Pending => channel.Reader.Count;

    /// <summary>Adds a frame, dropping the oldest when full. Returns false only after <see cref="Complete"/>.</summary>
    public bool Enqueue(RgbdFrame frame)
    {
        if (!channel.Writer.TryWrite(frame)) return false;
        Interlocked.Increment(ref enqueued);
        return true;
    }

    /// <summary>No more frames will come; readers finish once the queue is drained.</summary>
    public void Complete() => channel.Writer.TryComplete();

    public IAsyncEnumerable<RgbdFrame> ReadAllAsync(CancellationToken cancellationToken) => channel.Reader.ReadAllAsync(cancellationToken);
}
