using NiceSlam.Messages.Bus;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Dds.Tests;

/// <summary>An <see cref="IMessageBus"/> that passes everything to another and keeps every message published
/// through it, by topic, in order: what the node sent, to compare with what a peer received.</summary>
internal sealed class RecordingBus(IMessageBus inner) : IMessageBus, ITopicDiscovery
{
    private readonly Dictionary<string, List<object>> published = [];

    public IMessageBus Inner => inner;

    public IReadOnlyList<T> Published<T>(string topic)
    {
        lock (published) return published.TryGetValue(topic, out var list) ? [.. list.Cast<T>()] : [];
    }

    public IPublisher<T> CreatePublisher<T>(string topic, QosProfile qos) where T : class
    {
        var publisher = inner.CreatePublisher<T>(topic, qos);
        return new Recorder<T>(this, publisher);
    }

    public IDisposable Subscribe<T>(string topic, QosProfile qos, Action<T> handler) where T : class => inner.Subscribe(topic, qos, handler);

    public IDisposable AdvertiseService<TRequest, TResponse>(string name, Func<TRequest, TResponse> handler)
        where TRequest : class where TResponse : class => inner.AdvertiseService(name, handler);

    public Time Now() => inner.Now();

    public IReadOnlyList<DiscoveredTopic> DiscoverTopics() => inner is ITopicDiscovery d ? d.DiscoverTopics() : [];

    public void Dispose() => inner.Dispose();

    private sealed class Recorder<T>(RecordingBus bus, IPublisher<T> publisher) : IPublisher<T> where T : class
    {
        public string Topic => publisher.Topic;

        public void Publish(T message)
        {
            // Recorded before it goes out, so that a peer can never have a message the record lacks.
            lock (bus.published)
            {
                if (!bus.published.TryGetValue(Topic, out var list)) bus.published[Topic] = list = [];
                list.Add(message);
            }
            publisher.Publish(message);
        }
    }
}
