using System.Collections.Concurrent;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.Bus;

/// <summary>
/// An in-process <see cref="IMessageBus"/>: a published message is handed to every compatible subscription of
/// its topic on the publisher's thread (like ROS 2 intra-process delivery), transient-local topics keep their
/// last messages for late subscribers, and services are called directly. Used by the tests to drive the node end
/// to end, by the demo run and by bag replay on machines without ROS.
/// </summary>
public sealed class LoopbackBus : IMessageBus, ITopicDiscovery
{
    private readonly ConcurrentDictionary<string, Topic> topics = new();
    private readonly ConcurrentDictionary<string, Func<object, object>> services = new();
    private readonly Func<Time> clock;
    private long incompatible;

    /// <param name="clock">The clock <see cref="Now"/> reads; wall time by default.</param>
    public LoopbackBus(Func<Time>? clock = null) =>
        this.clock = clock ?? (() => Time.FromNanoseconds((DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100));

    /// <summary>Deliveries skipped because the subscription's QoS cannot receive from the publisher's.</summary>
    public long IncompatibleDeliveries => Interlocked.Read(ref incompatible);

    public IPublisher<T> CreatePublisher<T>(string topic, QosProfile qos) where T : class
    {
        var t = GetTopic<T>(topic);
        Interlocked.Increment(ref t.Publishers);
        return new Publisher<T>(this, topic, t, qos);
    }

    /// <summary>Topics that have a publisher, with the ROS type of their message records.</summary>
    public IReadOnlyList<DiscoveredTopic> DiscoverTopics() =>
        [.. topics.Where(kv => Volatile.Read(ref kv.Value.Publishers) > 0)
            .Select(kv => new DiscoveredTopic(kv.Key, Cdr.CdrSerializer.IsSupportedType(kv.Value.Type) ? Cdr.CdrSerializer.RosTypeName(kv.Value.Type) : kv.Value.Type.Name,
                Volatile.Read(ref kv.Value.Publishers)))
            .OrderBy(t => t.Name, StringComparer.Ordinal)];

    public IDisposable Subscribe<T>(string topic, QosProfile qos, Action<T> handler) where T : class
    {
        var t = GetTopic<T>(topic);
        var subscription = new Subscription(qos, m => handler((T)m));
        object[] latched;
        lock (t) { t.Subscriptions.Add(subscription); latched = [.. t.Latched]; }
        if (qos.Durability == QosDurability.TransientLocal)
            foreach (var m in latched) subscription.Handler(m);
        return new Handle(() => { lock (t) t.Subscriptions.Remove(subscription); });
    }

    public IDisposable AdvertiseService<TRequest, TResponse>(string name, Func<TRequest, TResponse> handler)
        where TRequest : class where TResponse : class
    {
        if (!services.TryAdd(name, r => handler((TRequest)r)))
            throw new InvalidOperationException($"service {name} is already advertised");
        return new Handle(() => services.TryRemove(name, out _));
    }

    /// <summary>Calls a service as a client would; throws when nobody serves <paramref name="name"/>.</summary>
    public TResponse Call<TRequest, TResponse>(string name, TRequest request) where TRequest : class where TResponse : class =>
        services.TryGetValue(name, out var handler)
            ? (TResponse)handler(request)
            : throw new InvalidOperationException($"no service {name}");

    public Time Now() => clock();

    public void Dispose()
    {
        topics.Clear();
        services.Clear();
    }

    private Topic GetTopic<T>(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("topic name must not be empty", nameof(name));
        var topic = topics.GetOrAdd(name, _ => new Topic(typeof(T)));
        if (topic.Type != typeof(T))
            throw new InvalidOperationException($"topic {name} carries {topic.Type.Name}, not {typeof(T).Name}");
        return topic;
    }

    private void Deliver(Topic topic, QosProfile qos, object message)
    {
        Subscription[] targets;
        lock (topic)
        {
            if (qos.Durability == QosDurability.TransientLocal)
            {
                topic.Latched.Enqueue(message);
                while (topic.Latched.Count > qos.Depth) topic.Latched.Dequeue();
            }
            targets = [.. topic.Subscriptions];
        }
        foreach (var s in targets)
        {
            if (!s.Qos.CanReceiveFrom(qos)) { Interlocked.Increment(ref incompatible); continue; }
            s.Handler(message);
        }
    }

    private sealed class Topic(Type type)
    {
        public Type Type { get; } = type;
        public List<Subscription> Subscriptions { get; } = [];
        public Queue<object> Latched { get; } = new();
        public int Publishers;
    }

    private sealed record Subscription(QosProfile Qos, Action<object> Handler);

    private sealed class Publisher<T>(LoopbackBus bus, string name, Topic topic, QosProfile qos) : IPublisher<T> where T : class
    {
        public string Topic => name;
        public void Publish(T message) => bus.Deliver(topic, qos, message ?? throw new ArgumentNullException(nameof(message)));
    }

    private sealed class Handle(Action dispose) : IDisposable
    {
        private Action? onDispose = dispose;
        public void Dispose() => Interlocked.Exchange(ref onDispose, null)?.Invoke();
    }
}
