namespace NiceSlam.Foxglove;

/// <summary>One advertised topic: its id, ROS type (the schema name, "tf2_msgs/msg/TFMessage") and ros2msg schema.
/// A latched channel (a transient-local topic: map cloud, occupancy, mesh, path, tf_static) keeps its last message
/// for clients that subscribe later. A client keeps at most <see cref="QueueDepth"/> of its messages waiting (the
/// topic's QoS history depth: 100 for tf, 10 for odometry and status, 5 for camera streams, 1 for the map-like
/// topics, where only the newest matters).</summary>
public sealed class FoxgloveChannel
{
    private OutgoingMessage? last;
    private int subscribers;
    private volatile bool publishedHere;

    internal FoxgloveChannel(uint id, string topic, Type messageType, string schemaName, string schema, bool latched, int queueDepth)
    {
        (Id, Topic, MessageType, SchemaName, Schema, Latched) = (id, topic, messageType, schemaName, schema, latched);
        QueueDepth = Math.Max(1, queueDepth);
    }

    public uint Id { get; }
    public string Topic { get; }
    public Type MessageType { get; }
    public string SchemaName { get; }
    public string Schema { get; }
    public bool Latched { get; }

    /// <summary>Messages of this channel a client keeps waiting; the oldest beyond are dropped and counted.</summary>
    public int QueueDepth { get; }

    /// <summary>True once this process publishes the topic (then its messages are taken at the publisher, not again
    /// when the node's own subscription receives them).</summary>
    public bool PublishedHere => publishedHere;

    /// <summary>Client subscriptions to this channel now.</summary>
    public int Subscribers => Volatile.Read(ref subscribers);

    internal OutgoingMessage? Last => Volatile.Read(ref last);

    internal void MarkPublishedHere() => publishedHere = true;

    internal void Remember(OutgoingMessage message)
    {
        if (Latched) Volatile.Write(ref last, message);
    }

    internal void AddSubscriber() => Interlocked.Increment(ref subscribers);

    internal void RemoveSubscriber() => Interlocked.Decrement(ref subscribers);
}
