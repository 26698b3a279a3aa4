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
