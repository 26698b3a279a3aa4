using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;

namespace NiceSlam.Node.Tests;

public class FrameQueueTests
{
    private static readonly CameraIntrinsics K = new(4, 3, 5, 5, 2, 1.5);

    private static RgbdFrame Frame(int index) => new(index, index / 30.0, new byte[36], new float[12], K);

    [Fact]
    public async Task A_burst_keeps_the_newest_frames_and_counts_the_dropped_ones()
    {
        var queue = new FrameQueue(3);
        for (int i = 0; i < 20; i++) Assert.True(queue.Enqueue(Frame(i)));
        queue.Complete();
        Assert.Equal(20, queue.Enqueued);
        Assert.Equal(17, queue.Dropped);
        var received = new List<int>();
        await foreach (var frame in queue.ReadAllAsync(CancellationToken.None)) received.Add(frame.Index);
        Assert.Equal([17, 18, 19], received);
    }

    [Fact]
    public void A_burst_of_50_into_4_with_drop_oldest_keeps_the_newest_4()
    {
        // 50 offered, room for 4: 46 dropped, frames 46..49 remain in order.
        var queue = new FrameQueue(4, QueueFullPolicy.DropOldest);
        for (int i = 0; i < 50; i++) Assert.True(queue.Enqueue(Frame(i)));
        Assert.Equal(46, queue.Dropped);
        Assert.Equal(4, queue.Pending);
        var kept = new List<int>();
        while (queue.TryDequeue(out var f)) kept.Add(f.Index);
        Assert.Equal([46, 47, 48, 49], kept);
    }

    [Fact]
    public void Dropped_frames_are_not_kept_alive()
    {
        // The queue holds no reference to a frame it dropped: after a collection it is gone.
        var queue = new FrameQueue(1);
        var weak = EnqueueAndForget(queue, 0);
        queue.Enqueue(Frame(1)); // drops frame 0
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(weak.TryGetTarget(out _));
        Assert.Equal(1, queue.Dropped);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference<RgbdFrame> EnqueueAndForget(FrameQueue queue, int index)
    {
        var frame = Frame(index);
        queue.Enqueue(frame);
        return new WeakReference<RgbdFrame>(frame);
    }

    [Fact]
    public async Task Block_waits_for_room_and_drops_nothing()
    {
        var queue = new FrameQueue(1, QueueFullPolicy.Block);
        Assert.True(queue.Enqueue(Frame(0)));
        var second = Task.Run(() => queue.Enqueue(Frame(1)));
        Assert.NotSame(second, await Task.WhenAny(second, Task.Delay(150))); // still waiting: the queue is full
        Assert.True(queue.TryDequeue(out var first));
        Assert.Equal(0, first.Index);
        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(queue.TryDequeue(out var next));
        Assert.Equal(1, next.Index);
        Assert.Equal((0, 2), (queue.Dropped, queue.Enqueued));
    }

    [Fact]
    public async Task Block_async_waits_and_can_be_cancelled_or_completed()
    {
        var queue = new FrameQueue(1, QueueFullPolicy.Block);
        Assert.True(await queue.EnqueueAsync(Frame(0)));
        using var cancel = new CancellationTokenSource(50);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await queue.EnqueueAsync(Frame(1), cancel.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => queue.Enqueue(Frame(1), new CancellationToken(true)));

        var waiting = queue.EnqueueAsync(Frame(2)).AsTask();
        queue.Complete();
        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(5))); // completion releases a waiting producer
        Assert.Equal((0, 1), (queue.Dropped, queue.Enqueued));
    }

    [Fact]
    public void Nothing_is_accepted_after_completion()
    {
        var queue = new FrameQueue(2);
        queue.Complete();
        Assert.False(queue.Enqueue(Frame(0)));
        Assert.Equal(0, queue.Enqueued);
    }

    [Fact]
    public void Capacity_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameQueue(0));
    }
}
