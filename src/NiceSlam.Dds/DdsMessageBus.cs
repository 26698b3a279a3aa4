using System.Text;
using NiceSlam.Dds.Ros;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Dds;

/// <summary>
/// The node's <see cref="IMessageBus"/> on DDS (Cyclone DDS), speaking ROS 2 on the wire with no ROS install: one
/// participant (USER_DATA "enclave=/;") whose topics are "rt/&lt;name&gt;" of type "pkg::msg::dds_::Type_", carrying
/// the CDR codecs' bytes unchanged; QoS mapped as rmw_cyclonedds maps it; a ros_discovery_info writer so that
/// `ros2 node list` shows the node; services framed like rmw_cyclonedds (rq/…Request, rr/…Reply, a 16-byte request
/// header); /clock under use_sim_time. Every subscription and service has its own receive thread, so a slow
/// handler (saving a map) never holds up the camera streams.
/// </summary>
public sealed class DdsMessageBus : IMessageBus, ITopicDiscovery
{
    private readonly DdsBusOptions options;
    private readonly Action<string, Exception> onError;
    private readonly List<IDisposable> owned = [];
    private readonly object gate = new();
    private readonly DdsReader? clockReader;
    private long simTimeNanoseconds;
    private uint clientServiceCounter;
    private long malformed;
    private bool disposed;

    /// <exception cref="DdsUnavailableException">libddsc or the shim cannot be loaded (the message says what to install).</exception>
    /// <exception cref="DdsException">Cyclone refused to create the participant (e.g. a bad configuration).</exception>
    public DdsMessageBus(DdsBusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        onError = options.OnError ?? ((what, e) => Console.Error.WriteLine($"dds: {what}: {e.Message}"));
        ValidateNodeName(options.NodeName, options.NodeNamespace);
        Participant = new DdsParticipant(options.DomainId, options.CycloneConfig, Encoding.UTF8.GetBytes($"enclave={options.Enclave};"));
        try
        {
            Discovery = new DiscoveryInfoPublisher(Participant, options.Distro, options.NodeNamespace, options.NodeName);
            if (options.UseSimTime)
            {
                // rclcpp's ClockQoS: best effort, keep last 1.
                clockReader = Participant.CreateReader(RosNames.Topic("/clock"), RosNames.DdsType("rosgraph_msgs/msg/Clock"), new DdsQos(false, false, 1));
                Discovery.AddReader(clockReader.Guid);
                clockReader.Start(OnClock, e => onError("/clock", e));
            }
        }
        catch
        {
            Participant.Dispose();
            throw;
        }
    }

    public DdsParticipant Participant { get; }

    public DiscoveryInfoPublisher Discovery { get; }

    public DdsBusOptions Options => options;

    /// <summary>Samples that could not be decoded as their topic's type (counted and reported, never thrown).</summary>
    public long MalformedSamples => Interlocked.Read(ref malformed);

    public IPublisher<T> CreatePublisher<T>(string topic, QosProfile qos) where T : class
    {
        var writer = Participant.CreateWriter(RosNames.Topic(topic), RosNames.DdsType(CdrSerializer.RosTypeName(typeof(T))), ToDds(qos));
        Own(writer);
        Discovery.AddWriter(writer.Guid);
        return new Publisher<T>(topic, writer);
    }

    public IDisposable Subscribe<T>(string topic, QosProfile qos, Action<T> handler) where T : class
    {
        ArgumentNullException.ThrowIfNull(handler);
        string type = CdrSerializer.RosTypeName(typeof(T));
        var reader = Participant.CreateReader(RosNames.Topic(topic), RosNames.DdsType(type), ToDds(qos));
        Own(reader);
        Discovery.AddReader(reader.Guid);
        reader.Start((cdr, _) =>
        {
            T message;
            try
            {
                message = CdrSerializer.Deserialize<T>(cdr);
            }
            catch (CdrException e)
            {
                Interlocked.Increment(ref malformed);
                onError($"a sample on {topic} is not a valid {type}", e);
                return;
            }
            handler(message);
        }, e => onError($"handler of {topic} failed", e));
        return new Handle(() =>
        {
            Discovery.RemoveReader(reader.Guid);
            Disown(reader);
        });
    }

    public IDisposable AdvertiseService<TRequest, TResponse>(string name, Func<TRequest, TResponse> handler)
        where TRequest : class where TResponse : class
    {
        var server = new DdsServiceServer<TRequest, TResponse>(this, name, NextClientServiceId(), handler, onError);
        Own(server);
        return new Handle(() => Disown(server));
    }

    /// <summary>A client of a service served anywhere in the graph by an rmw_cyclonedds node (or this bus).</summary>
    public DdsServiceClient<TRequest, TResponse> CreateClient<TRequest, TResponse>(string name)
        where TRequest : class where TResponse : class
    {
        var client = new DdsServiceClient<TRequest, TResponse>(this, name, NextClientServiceId());
        Own(client);
        return client;
    }

    /// <summary>The last /clock time under use_sim_time (zero before the first, as rclcpp); otherwise
    /// <see cref="DdsBusOptions.Clock"/>, wall time by default.</summary>
    public Time Now() => options.UseSimTime
        ? Time.FromNanoseconds(Interlocked.Read(ref simTimeNanoseconds))
        : options.Clock?.Invoke() ?? Time.FromNanoseconds((DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100);

    /// <summary>ROS topics published in the domain (by anyone, this bus included), from DDS discovery.</summary>
    public IReadOnlyList<DiscoveredTopic> DiscoverTopics() =>
        [.. Participant.Publications()
            .Select(p => (Topic: RosNames.RosTopic(p.Topic), Type: RosNames.RosType(p.Type) ?? p.Type))
            .Where(p => p.Topic is not null)
            .GroupBy(p => (p.Topic!, p.Type))
            .Select(g => new DiscoveredTopic(g.Key.Item1, g.Key.Type, g.Count()))
            .OrderBy(t => t.Name, StringComparer.Ordinal)];

    public void Dispose()
    {
        IDisposable[] all;
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            all = [.. owned];
            owned.Clear();
        }
        clockReader?.Dispose();
        foreach (var d in all.Reverse()) d.Dispose();
        Discovery.Dispose();
        Participant.Dispose();
    }

    internal Action<string, Exception> ErrorSink => onError;

    /// <summary>rmw_cyclonedds' QoS for a ROS profile: keep-last depth (or keep-all bounded to depth samples waiting),
    /// reliability, durability.</summary>
    public static DdsQos ToDds(QosProfile qos)
    {
        ArgumentNullException.ThrowIfNull(qos);
        if (qos.Depth < 1) throw new ArgumentException($"QoS depth must be >= 1 (keep-last history, or the keep-all bound), got {qos.Depth}", nameof(qos));
        bool reliable = qos.Reliability == QosReliability.Reliable, transientLocal = qos.Durability == QosDurability.TransientLocal;
        return qos.KeepAll ? new DdsQos(reliable, transientLocal, 0, MaxSamples: qos.Depth) : new DdsQos(reliable, transientLocal, qos.Depth);
    }

    private ClientServiceId NextClientServiceId() => ClientServiceId.Create(Participant.Guid, Interlocked.Increment(ref clientServiceCounter));

    private void OnClock(ReadOnlySpan<byte> cdr, DdsSampleInfo info)
    {
        try
        {
            // rosgraph_msgs/msg/Clock: builtin_interfaces/Time clock (int32 sec, uint32 nanosec).
            var r = new CdrReader(cdr);
            long sec = r.ReadInt32("Clock.clock.sec");
            uint nanosec = r.ReadUInt32("Clock.clock.nanosec");
            Interlocked.Exchange(ref simTimeNanoseconds, sec * 1_000_000_000L + nanosec);
        }
        catch (CdrException e)
        {
            Interlocked.Increment(ref malformed);
            onError("a sample on /clock is not a valid rosgraph_msgs/msg/Clock", e);
        }
    }

    private void Own(IDisposable d)
    {
        lock (gate)
        {
            if (disposed) { d.Dispose(); throw new ObjectDisposedException(nameof(DdsMessageBus)); }
            owned.Add(d);
        }
    }

    private void Disown(IDisposable d)
    {
        lock (gate) if (!owned.Remove(d)) return;
        d.Dispose();
    }

    private static void ValidateNodeName(string name, string ns)
    {
        if (string.IsNullOrEmpty(name) || char.IsAsciiDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            throw new ArgumentException($"ROS node name '{name}' must be letters, digits and _ and not start with a digit");
        if (ns != "/") RosNames.Validate(ns, "namespace");
    }

    private sealed class Publisher<T>(string topic, DdsWriter writer) : IPublisher<T> where T : class
    {
        public string Topic => topic;

        public void Publish(T message) => writer.Write(CdrSerializer.Serialize(message ?? throw new ArgumentNullException(nameof(message))));
    }

    private sealed class Handle(Action dispose) : IDisposable
    {
        private Action? onDispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref onDispose, null)?.Invoke();
    }
}
