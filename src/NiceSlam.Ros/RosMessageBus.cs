using NiceSlam.Messages.Bus;
using ROS2;
using Time = NiceSlam.Messages.StdMsgs.Time;

namespace NiceSlam.Ros;

/// <summary>
/// The node's <see cref="IMessageBus"/> on ROS 2 through rcldotnet (ros2_dotnet): one rcldotnet
/// <see cref="ROS2.Node"/>, publishers, subscriptions and services on it, and a spin thread that runs
/// <c>RCLdotnet.SpinOnce</c> in a loop (subscription and service callbacks run on that thread).
/// <para>
/// Threading: rcldotnet's Node keeps its subscriptions and services in plain lists that SpinOnce walks, so
/// creating or removing them takes <see cref="nodeLock"/>, which the spin thread holds for one SpinOnce; a guard
/// condition wakes a waiting SpinOnce so that the creator gets the lock at once. Publishing needs no lock
/// (rcl_publish is thread-safe).
/// </para>
/// <para>
/// Clock: rcldotnet has no time source and no use_sim_time; with <see cref="EnableSimTime"/> the bus subscribes to
/// /clock itself and <see cref="Now"/> returns the last /clock time (zero before the first one, as rclcpp does);
/// otherwise it reads the node's RCL_ROS_TIME clock, which is system time without an override.
/// </para>
/// <para>
/// Removal: rcldotnet (as of main, 2024) cannot destroy a subscription or service; disposing our handle drops it
/// from the node's lists (so nothing more is delivered) and the rcl handle is freed by <see cref="Dispose"/>.
/// </para>
/// <para>
/// Shutdown: rcldotnet has no way to destroy a node, and <c>RCLdotnet.Shutdown()</c> finishes the rcl context at
/// once; with the node still alive rmw_cyclonedds then aborts the process ("Not all nodes were finished before
/// finishing the context", exit 134). <see cref="Dispose"/> therefore stops the spin thread, releases every rcl
/// handle this bus created (publishers, subscriptions, services, the guard condition, then the node: see
/// <see cref="RclHandles"/>) and only then shuts rcl down.
/// </para>
/// </summary>
public sealed class RosMessageBus : IMessageBus
{
    /// <summary>Milliseconds one SpinOnce may wait for work; bounds how late a shutdown is noticed.</summary>
    private const long SpinTimeoutMs = 100;

    private readonly object nodeLock = new();
    private readonly GuardCondition wake;
    private readonly Thread spinThread;
    private readonly Action<string, Exception> onError;
    /// <summary>Every rcldotnet publisher, subscription, service and guard condition created on <see cref="Node"/>,
    /// released before the node in <see cref="Dispose"/>.</summary>
    private readonly List<object> entities = [];
    private int lockRequests;
    private volatile bool stopping;
    private Subscription? clockSubscription;
    private long simTimeNanoseconds;

    /// <param name="nodeName">The node's name before remapping; <c>--ros-args -r __node:=...</c> (handled by rcl
    /// from the process's command line) overrides it.</param>
    /// <param name="nodeNamespace">The namespace before remapping (<c>-r __ns:=...</c> overrides it).</param>
    /// <param name="onError">Where exceptions from handlers and from the spin loop are reported; standard error by
    /// default.</param>
    public RosMessageBus(string nodeName = "nice_slam", string nodeNamespace = "", Action<string, Exception>? onError = null)
    {
        if (string.IsNullOrWhiteSpace(nodeName)) throw new ArgumentException("node name must not be empty", nameof(nodeName));
        this.onError = onError ?? ((what, e) => Console.Error.WriteLine($"nice_slam_node: {what}: {e}"));
        RCLdotnet.Init(); // passes Environment.GetCommandLineArgs() to rcl_init: --ros-args remappings apply
        Node = RCLdotnet.CreateNode(nodeName, nodeNamespace ?? "");
        wake = Node.CreateGuardCondition(() => { });
        entities.Add(wake);
        spinThread = new Thread(SpinLoop) { IsBackground = true, Name = "rcldotnet spin" };
        spinThread.Start();
    }

    /// <summary>The rcldotnet node (its <see cref="ROS2.Node.FullyQualifiedName"/> is the name after remapping).</summary>
    public ROS2.Node Node { get; }

    /// <summary>Whether <see cref="Now"/> follows /clock.</summary>
    public bool UsesSimTime => clockSubscription is not null;

    /// <summary>use_sim_time: subscribe to /clock (rosgraph_msgs/Clock, rclcpp's ClockQoS: best effort, depth 1).</summary>
    public void EnableSimTime()
    {
        if (clockSubscription is not null) return;
        WithNode(() => clockSubscription = Node.CreateSubscription<global::rosgraph_msgs.msg.Clock>(
            "/clock",
            m => Interlocked.Exchange(ref simTimeNanoseconds, RosMessageConversions.FromRos(m.Clock_).TotalNanoseconds),
            ROS2.QosProfile.ClockProfile));
        Track(clockSubscription!);
    }

    public IPublisher<T> CreatePublisher<T>(string topic, Messages.Bus.QosProfile qos) where T : class
    {
        ValidateName(topic, nameof(topic));
        var publish = RosTopicTypes.Get<T>().CreatePublisher(Node, topic, RosQos.ToRos(qos), out var publisher);
        Track(publisher);
        return new Publisher<T>(topic, publish);
    }

    public IDisposable Subscribe<T>(string topic, Messages.Bus.QosProfile qos, Action<T> handler) where T : class
    {
        ValidateName(topic, nameof(topic));
        ArgumentNullException.ThrowIfNull(handler);
        var type = RosTopicTypes.Get<T>();
        var rosQos = RosQos.ToRos(qos);
        var active = new ActiveFlag();
        void Deliver(T message)
        {
            if (!active.Value) return;
            try { handler(message); }
            catch (Exception e) { onError($"handler of {topic} failed", e); }
        }
        Subscription subscription = null!;
        WithNode(() => subscription = type.CreateSubscription(Node, topic, rosQos, Deliver));
        Track(subscription);
        return new Handle(() =>
        {
            active.Value = false;
            if (!stopping) WithNode(() => Node.Subscriptions.Remove(subscription));
        });
    }

    public IDisposable AdvertiseService<TRequest, TResponse>(string name, Func<TRequest, TResponse> handler)
        where TRequest : class where TResponse : class
    {
        ValidateName(name, nameof(name));
        ArgumentNullException.ThrowIfNull(handler);
        var type = RosServiceTypes.Get<TRequest, TResponse>();
        Service service = null!;
        WithNode(() => service = type.CreateService(Node, name, handler, onError));
        Track(service);
        return new Handle(() => { if (!stopping) WithNode(() => Node.Services.Remove(service)); });
    }

    public Time Now() => clockSubscription is not null
        ? Time.FromNanoseconds(Interlocked.Read(ref simTimeNanoseconds))
        : RosMessageConversions.FromRos(Node.Clock.Now());

    /// <summary>Stops the spin thread, finishes the node and its entities, then shuts rcl down (rcldotnet's init is
    /// per process). Publishing after this throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (stopping) return;
        stopping = true;
        wake.Trigger();
        if (!spinThread.Join(TimeSpan.FromSeconds(5)))
        {
            // A handler still runs on the spin thread: finishing the node under it would crash; leave rcl as it is
            // (the process is ending) rather than abort it.
            onError("shutdown", new TimeoutException("the spin thread did not stop within 5 s (a handler is still running); rcl left as it is"));
            return;
        }
        try
        {
            object[] created;
            lock (entities) created = [.. entities];
            foreach (object entity in created) RclHandles.Release(entity);
            RclHandles.Release(Node);
            if (RCLdotnet.Ok()) RCLdotnet.Shutdown();
        }
        catch (Exception e)
        {
            onError("shutdown", e);
        }
    }

    private void Track(object entity)
    {
        lock (entities) entities.Add(entity);
    }

    private void SpinLoop()
    {
        while (!stopping)
        {
            // Let a thread that wants the node's lists in first (Monitor is not fair).
            if (Volatile.Read(ref lockRequests) > 0) { Thread.Sleep(1); continue; }
            try
            {
                lock (nodeLock)
                {
                    if (stopping || !RCLdotnet.Ok()) break;
                    RCLdotnet.SpinOnce(Node, SpinTimeoutMs);
                }
            }
            catch (Exception e) when (!stopping)
            {
                onError("spin", e);
                Thread.Sleep(100);
            }
        }
    }

    private void WithNode(Action action)
    {
        Interlocked.Increment(ref lockRequests);
        try
        {
            wake.Trigger();
            lock (nodeLock) action();
        }
        finally
        {
            Interlocked.Decrement(ref lockRequests);
        }
    }

    private static void ValidateName(string name, string parameter)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException($"a ROS topic or service name is required, got '{name}'", parameter);
    }

    private sealed class ActiveFlag
    {
        public volatile bool Value = true;
    }

    private sealed class Publisher<T>(string topic, Action<T> publish) : IPublisher<T> where T : class
    {
        public string Topic => topic;

        public void Publish(T message) => publish(message ?? throw new ArgumentNullException(nameof(message)));
    }

    private sealed class Handle(Action dispose) : IDisposable
    {
        private Action? onDispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref onDispose, null)?.Invoke();
    }
}
