using NiceSlam.Messages.Bus;
using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Foxglove;

/// <summary>
/// An <see cref="IMessageBus"/> that forwards everything to the transport's bus and shows it to a
/// <see cref="FoxgloveServer"/> on the way: every topic published (the node's outputs, a replay's camera streams)
/// or subscribed (live camera streams) becomes a channel, every message a hand-over to the server (which queues a
/// reference and returns; serializing and sending happen on the clients' send loops), every service a Foxglove
/// service. Works over any transport: loopback, Cyclone DDS or rcldotnet.
/// </summary>
public class FoxgloveBusTap : IMessageBus
{
    private readonly IMessageBus inner;
    private readonly FoxgloveServer server;

    protected FoxgloveBusTap(IMessageBus inner, FoxgloveServer server)
    {
        this.inner = inner ?? throw new ArgumentNullException(nameof(inner));
        this.server = server ?? throw new ArgumentNullException(nameof(server));
    }

    /// <summary>A tap on <paramref name="inner"/>; it can discover topics exactly when <paramref name="inner"/> can.</summary>
    public static IMessageBus Wrap(IMessageBus inner, FoxgloveServer server) =>
        inner is ITopicDiscovery ? new DiscoveringTap(inner, server) : new FoxgloveBusTap(inner, server);

    /// <summary>The transport's bus.</summary>
    public IMessageBus Inner => inner;

    public IPublisher<T> CreatePublisher<T>(string topic, QosProfile qos) where T : class
    {
        var publisher = inner.CreatePublisher<T>(topic, qos);
        var channel = server.AddChannel(topic, typeof(T), qos);
        if (channel is null) return publisher;
        channel.MarkPublishedHere();
        return new TappedPublisher<T>(publisher, channel, this);
    }

    public IDisposable Subscribe<T>(string topic, QosProfile qos, Action<T> handler) where T : class
    {
        var channel = server.AddChannel(topic, typeof(T), qos);
        if (channel is null) return inner.Subscribe(topic, qos, handler);
        return inner.Subscribe<T>(topic, qos, message =>
        {
            if (!channel.PublishedHere) Show(channel, message);
            handler(message);
        });
    }

    public IDisposable AdvertiseService<TRequest, TResponse>(string name, Func<TRequest, TResponse> handler)
        where TRequest : class where TResponse : class
    {
        var served = inner.AdvertiseService(name, handler);
        var shown = server.AddService(name, handler);
        return new Both(served, shown);
    }

    public Time Now() => inner.Now();

    public void Dispose()
    {
        inner.Dispose();
        GC.SuppressFinalize(this);
    }

    private void Show(FoxgloveChannel channel, object message)
    {
        long ns = inner.Now().TotalNanoseconds;
        server.Publish(channel, message, ns > 0 ? (ulong)ns : 0);
    }

    private sealed class TappedPublisher<T>(IPublisher<T> inner, FoxgloveChannel channel, FoxgloveBusTap tap) : IPublisher<T> where T : class
    {
        public string Topic => inner.Topic;

        public void Publish(T message)
        {
            inner.Publish(message);
            tap.Show(channel, message);
        }
    }

    private sealed class Both(IDisposable first, IDisposable? second) : IDisposable
    {
        public void Dispose()
        {
            second?.Dispose();
            first.Dispose();
        }
    }

    private sealed class DiscoveringTap(IMessageBus inner, FoxgloveServer server) : FoxgloveBusTap(inner, server), ITopicDiscovery
    {
        public IReadOnlyList<DiscoveredTopic> DiscoverTopics() => ((ITopicDiscovery)Inner).DiscoverTopics();
    }
}
