using System.Threading.Channels;
using NiceSlam.Core.Frames;

namespace NiceSlam.Node;

/// <summary>What <see cref="FrameQueue"/> does with a new frame when it is full.</summary>
public enum QueueFullPolicy
{
    /// <summary>Drop the oldest queued frame (live cameras: the tracker always works on the newest frames it can).</summary>
    DropOldest,

    /// <summary>Wait for room (bag or dataset replay, which must never lose a frame).</summary>
    Block,
}

/// <summary>
/// The bounded hand-off between the input stage and the tracker. When it is full, <see cref="QueueFullPolicy.DropOldest"/>
/// drops the oldest frame and counts it in <see cref="Dropped"/>; <see cref="QueueFullPolicy.Block"/> makes the
/// producer wait. Either way memory is bounded by <see cref="Capacity"/> frames whatever the input rate: a dropped
/// frame is released by the channel and referenced nowhere else.
/// </summary>
public sealed class FrameQueue
{
    private readonly Channel<RgbdFrame> channel;
    private long dropped;
    private long enqueued;

    public FrameQueue(int capacity, QueueFullPolicy policy = QueueFullPolicy.DropOldest)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), $"queue capacity must be at least 1, got {capacity}");
        if (!Enum.IsDefined(policy)) throw new ArgumentOutOfRangeException(nameof(policy), $"unknown queue-full policy {policy}");
        Capacity = capacity;
        Policy = policy;
        var options = new BoundedChannelOptions(capacity)
        {
            FullMode = policy == QueueFullPolicy.Block ? BoundedChannelFullMode.Wait : BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        };
        channel = Channel.CreateBounded<RgbdFrame>(options, _ => Interlocked.Increment(ref dropped));
    }

    public int Capacity { get; }

    public QueueFullPolicy Policy { get; }

    /// <summary>Frames dropped because the consumer fell behind (always 0 under <see cref="QueueFullPolicy.Block"/>).</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Frames accepted by the queue.</summary>
    public long Enqueued => Interlocked.Read(ref enqueued);

    public int Pending => channel.Reader.Count;

    /// <summary>
    /// Adds a frame: under <see cref="QueueFullPolicy.DropOldest"/> at once (dropping the oldest when full), under
    /// <see cref="QueueFullPolicy.Block"/> after waiting, blocking the calling thread, for room. Returns false only
    /// after <see cref="Complete"/>; throws <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> is cancelled during the wait.
    /// </summary>
    public bool Enqueue(RgbdFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (channel.Writer.TryWrite(frame)) return Counted();
        if (Policy == QueueFullPolicy.DropOldest) return false; // DropOldest refuses only when completed
        return EnqueueAsync(frame, cancellationToken).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Adds a frame, waiting asynchronously for room under <see cref="QueueFullPolicy.Block"/>. Returns false
    /// only after <see cref="Complete"/> (also when completed during the wait).</summary>
    public async ValueTask<bool> EnqueueAsync(RgbdFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        while (await channel.Writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
            if (channel.Writer.TryWrite(frame)) return Counted();
        return false;
    }

    /// <summary>Takes the oldest frame if there is one (the single reader's alternative to <see cref="ReadAllAsync"/>).</summary>
    public bool TryDequeue(out RgbdFrame frame)
    {
        bool got = channel.Reader.TryRead(out var item);
        frame = item!;
        return got;
    }

    /// <summary>No more frames will come; readers finish once the queue is drained, blocked writers return false.</summary>
    public void Complete() => channel.Writer.TryComplete();

    /// <summary>The reading end (the tracking loop reads it).</summary>
    public ChannelReader<RgbdFrame> Reader => channel.Reader;

    public IAsyncEnumerable<RgbdFrame> ReadAllAsync(CancellationToken cancellationToken) => channel.Reader.ReadAllAsync(cancellationToken);

    private bool Counted()
    {
        Interlocked.Increment(ref enqueued);
        return true;
    }
}
