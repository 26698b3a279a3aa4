using NiceSlam.Messages.Bus;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.Tests;

public class LoopbackBusTests
{
    [Fact]
    public void Delivers_to_compatible_subscriptions_and_latches_transient_local_topics()
    {
        using var bus = new LoopbackBus();
        var got = new List<Header>();
        using var sub = bus.Subscribe<Header>("/a", QosProfile.Default, got.Add);
        var pub = bus.CreatePublisher<Header>("/a", QosProfile.MapLike);
        pub.Publish(new Header(new Time(1, 0), "x"));
        Assert.Single(got);

        var late = new List<Header>();
        using var lateSub = bus.Subscribe<Header>("/a", QosProfile.MapLike, late.Add);
        Assert.Equal("x", Assert.Single(late).FrameId);
    }

    [Fact]
    public void Reliable_subscription_gets_nothing_from_a_best_effort_publisher()
    {
        using var bus = new LoopbackBus();
        int got = 0;
        using var sub = bus.Subscribe<Header>("/cam", QosProfile.Default, _ => got++);
        bus.CreatePublisher<Header>("/cam", QosProfile.SensorData).Publish(new Header());
        Assert.Equal(0, got);
        Assert.Equal(1, bus.IncompatibleDeliveries);
    }

    [Fact]
    public void Topic_type_is_fixed_and_unsubscribing_stops_delivery()
    {
        using var bus = new LoopbackBus();
        int got = 0;
        var sub = bus.Subscribe<Header>("/t", QosProfile.Default, _ => got++);
        Assert.Throws<InvalidOperationException>(() => bus.CreatePublisher<NiceSlamMsgs.SlamStatus>("/t", QosProfile.Default));
        var pub = bus.CreatePublisher<Header>("/t", QosProfile.Default);
        pub.Publish(new Header());
        sub.Dispose();
        pub.Publish(new Header());
        Assert.Equal(1, got);
    }

    [Fact]
    public void Time_converts_seconds_and_orders()
    {
        var t = Time.FromSeconds(-0.25);
        Assert.Equal(new Time(-1, 750_000_000), t);
        Assert.Equal(-0.25, t.ToSeconds(), 12);
        Assert.True(Time.FromSeconds(1.5) > Time.FromSeconds(1.4999));
        Assert.Equal(1_500_000_001L, new Time(1, 500_000_001).TotalNanoseconds);
    }
}
