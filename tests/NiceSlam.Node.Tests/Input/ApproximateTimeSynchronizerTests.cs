using NiceSlam.Node.Input;
using static NiceSlam.Node.Tests.Input.TestMessages;

namespace NiceSlam.Node.Tests.Input;

public class ApproximateTimeSynchronizerTests
{
    private const int Colour = 0, Depth = 1;

    private static (ApproximateTimeSynchronizer<string> Sync, List<string> Sets) Create(
        int queueSize = 10, double maxInterval = double.PositiveInfinity, double[]? lowerBounds = null, int streams = 2)
    {
        var sets = new List<string>();
        var sync = new ApproximateTimeSynchronizer<string>(streams, queueSize, s => sets.Add(string.Join(",", s)), maxInterval, lowerBounds);
        return (sync, sets);
    }

    /// <summary>Adds "c&lt;ms&gt;" to stream 0 or "d&lt;ms&gt;" to stream 1.</summary>
    private static void Add(ApproximateTimeSynchronizer<string> sync, int stream, long ms) =>
        Assert.True(sync.Add(stream, Ms(ms), (stream == Colour ? "c" : "d") + ms));

    [Fact]
    public void Colour_and_depth_a_few_ms_apart_are_paired_in_order()
    {
        // Arrivals c0 d1 c33 d34 c66 d70 c100. At d1 the candidate (c0,d1) has pivot d1 (newest head); it cannot go
        // out yet since a later colour could still be closer to d1. c33 makes the heads (c33,d1): the start is the
        // pivot itself, so every set containing d1 has been seen and (c0,d1) goes out. Likewise c66 releases
        // (c33,d34) and c100 releases (c66,d70).
        var (sync, sets) = Create(maxInterval: 0.02);
        Add(sync, Colour, 0); Add(sync, Depth, 1);
        Assert.Empty(sets);
        Add(sync, Colour, 33); Add(sync, Depth, 34); Add(sync, Colour, 66); Add(sync, Depth, 70);
        Assert.Equal(["c0,d1", "c33,d34"], sets);
        Add(sync, Colour, 100);
        Assert.Equal(["c0,d1", "c33,d34", "c66,d70"], sets);
        Assert.Equal(3, sync.Emitted);
        Assert.Equal(0, sync.TotalDropped);
        Assert.Equal(1, sync.Pending); // c100 waits for a partner
    }

    [Fact]
    public void A_lone_message_is_dropped_when_its_queue_overflows()
    {
        // Queue size 2, colour only: c0 c33 fit, c66 makes 3 > 2, so the oldest (c0) is dropped.
        var (sync, sets) = Create(queueSize: 2);
        Add(sync, Colour, 0); Add(sync, Colour, 33);
        Assert.Equal(0, sync.DroppedOn(Colour));
        Add(sync, Colour, 66);
        Assert.Equal(1, sync.DroppedOn(Colour));
        Assert.Empty(sets);

        // d67: candidate (c33,d67) span 34, then heads (c66,d67) span 1 is better: c33 is discarded. c99 releases it.
        Add(sync, Depth, 67);
        Add(sync, Colour, 99);
        Assert.Equal(["c66,d67"], sets);
        Assert.Equal(2, sync.DroppedOn(Colour));
        Assert.Equal(0, sync.DroppedOn(Depth));
    }

    [Fact]
    public void Sets_wider_than_the_max_interval_are_refused()
    {
        // Max 5 ms. (c0,d1) and (c33,d34) pair; c66/d80 are 14 ms apart: c66 (the older head) is dropped, then
        // c100/d80 are 20 ms apart: d80 is dropped; (c100,d101) pairs and goes out when c133 arrives.
        var (sync, sets) = Create(maxInterval: 0.005);
        foreach (var (stream, ms) in new[] { (Colour, 0L), (Depth, 1L), (Colour, 33L), (Depth, 34L), (Colour, 66L), (Depth, 80L), (Colour, 100L), (Depth, 101L), (Colour, 133L) })
            Add(sync, stream, ms);
        Assert.Equal(["c0,d1", "c33,d34", "c100,d101"], sets);
        Assert.Equal(1, sync.DroppedOn(Colour)); // c66
        Assert.Equal(1, sync.DroppedOn(Depth));  // d80
    }

    [Fact]
    public void The_set_with_the_smallest_span_wins()
    {
        // c0 d12: candidate (c0,d12), span 12. c10 arrives: (c10,d12) spans 2 < 12, so it replaces the candidate
        // and c0 is discarded. c20: (c20,d12) would span 8, and every set containing d12 has been seen: (c10,d12).
        var (sync, sets) = Create(maxInterval: 0.02);
        Add(sync, Colour, 0); Add(sync, Depth, 12); Add(sync, Colour, 10);
        Assert.Empty(sets);
        Add(sync, Colour, 20);
        Assert.Equal(["c10,d12"], sets);
        Assert.Equal(1, sync.DroppedOn(Colour));
    }

    [Fact]
    public void Inter_message_lower_bounds_release_a_set_without_waiting_for_the_next_message()
    {
        // Candidate (c0,d1), pivot d1 at 1 ms. Without bounds the next colour might come at 1 ms and be closer, so
        // it waits. With a 30 ms colour period the next colour is at >= 30 ms: a set with it would span
        // (30 - 1) * 1.1 = 31.9 >= the current span 1, so (c0,d1) is provably best and goes out at once.
        var (plain, plainSets) = Create();
        Add(plain, Colour, 0); Add(plain, Depth, 1);
        Assert.Empty(plainSets);

        var (bounded, boundedSets) = Create(lowerBounds: [0.030, 0.030]);
        Add(bounded, Colour, 0); Add(bounded, Depth, 1);
        Assert.Equal(["c0,d1"], boundedSets);
        Assert.Equal(0, bounded.Pending);
    }

    [Fact]
    public void Three_streams_give_sets_in_stream_order()
    {
        // a0 b1 c2: candidate (a0,b1,c2), pivot c2. a30: heads (a30,b1,c2) end 30, so any later set spans at least
        // (30 - 2) * 1.1 > 2: (a0,b1,c2) goes out. Same for the next triple when a60 arrives.
        var sets = new List<string>();
        var sync = new ApproximateTimeSynchronizer<string>(3, 5, s => sets.Add(string.Join(",", s)));
        string[] names = ["a", "b", "c"];
        foreach (var (stream, ms) in new[] { (0, 0L), (1, 1L), (2, 2L), (0, 30L), (1, 31L), (2, 32L), (0, 60L) })
            sync.Add(stream, Ms(ms), names[stream] + ms);
        Assert.Equal(["a0,b1,c2", "a30,b31,c32"], sets);
    }

    [Fact]
    public void A_stamp_going_back_on_its_stream_is_refused_and_counted()
    {
        var (sync, _) = Create();
        Assert.True(sync.Add(Colour, Ms(10), "c10"));
        Assert.False(sync.Add(Colour, Ms(5), "c5"));
        Assert.True(sync.Add(Colour, Ms(10), "c10 again")); // equal stamps are allowed
        Assert.True(sync.Add(Depth, Ms(3), "d3"));          // each stream has its own order
        Assert.Equal(1, sync.OutOfOrder);
        Assert.Equal(1, sync.OutOfOrderOn(Colour));
        Assert.Equal(0, sync.OutOfOrderOn(Depth));
        Assert.Equal(Ms(10), sync.LastStampOn(Colour));
    }

    [Fact]
    public async Task Every_message_is_emitted_dropped_or_pending_under_concurrent_producers()
    {
        // Two threads, 300 messages each, colour every 33 ms and depth every 33 ms offset by 0..19 ms (pseudo-random,
        // fixed seed), kept roughly in step by a barrier like two live cameras. Whatever the interleaving, each
        // message is accounted for once, each set is within 20 ms, and sets come out in time order.
        var sets = new List<string[]>();
        var sync = new ApproximateTimeSynchronizer<string>(2, 4, s => sets.Add(s), 0.02);
        var offsets = new Random(7).GetItems(Enumerable.Range(0, 20).ToArray(), 300);
        using var step = new Barrier(2);
        var colour = Task.Run(() => { for (int i = 0; i < 300; i++) { step.SignalAndWait(); sync.Add(Colour, Ms(33L * i), (33L * i).ToString()); } });
        var depth = Task.Run(() => { for (int i = 0; i < 300; i++) { step.SignalAndWait(); sync.Add(Depth, Ms(33L * i + offsets[i]), (33L * i + offsets[i]).ToString()); } });
        await Task.WhenAll(colour, depth);
        Assert.Equal(600, 2 * sync.Emitted + sync.TotalDropped + sync.Pending);
        Assert.Equal(sync.Emitted, sets.Count);
        Assert.True(sync.Emitted > 100, $"only {sync.Emitted} sets");
        Assert.All(sets, s => Assert.InRange(Math.Abs(long.Parse(s[0]) - long.Parse(s[1])), 0, 20));
        var colourStamps = sets.Select(s => long.Parse(s[0])).ToList();
        Assert.Equal(colourStamps.Order(), colourStamps); // sets come out in time order
    }

    [Fact]
    public void The_handler_may_not_add_to_its_own_synchronizer()
    {
        ApproximateTimeSynchronizer<string>? sync = null;
        sync = new ApproximateTimeSynchronizer<string>(2, 5, _ => sync!.Add(0, Ms(1000), "x"), double.PositiveInfinity, [0.03, 0.03]);
        sync.Add(Colour, Ms(0), "c0");
        Assert.Throws<InvalidOperationException>(() => sync.Add(Depth, Ms(1), "d1"));
        Assert.Equal(1, sync.Emitted); // the set itself was counted before the handler ran
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ApproximateTimeSynchronizer<string>(1, 5, _ => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ApproximateTimeSynchronizer<string>(2, 0, _ => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ApproximateTimeSynchronizer<string>(2, 5, _ => { }, -1));
        Assert.Throws<ArgumentException>(() => new ApproximateTimeSynchronizer<string>(2, 5, _ => { }, 1, [0.1]));
        var (sync, _) = Create();
        Assert.Throws<ArgumentOutOfRangeException>(() => sync.Add(2, Ms(0), "x"));
    }
}
