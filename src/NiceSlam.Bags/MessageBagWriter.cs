using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Bags;

/// <summary>
/// Writes messages of the message model into a bag: each is serialized to CDR, and its topic is registered (ROS
/// type, ros2msg schema) the first time it is written or declared. Owns the underlying <see cref="IBagWriter"/>.
/// Not thread-safe.
/// </summary>
public sealed class MessageBagWriter(IBagWriter writer) : IDisposable
{
    private readonly Dictionary<string, Type> topics = new(StringComparer.Ordinal);

    /// <summary>Messages written so far.</summary>
    public long Written { get; private set; }

    /// <summary>Registers <paramref name="topic"/> for messages of <paramref name="messageType"/> before any is
    /// written (so the bag lists it even when none comes).</summary>
    public void Declare(string topic, Type messageType)
    {
        if (topics.TryGetValue(topic, out var known))
        {
            if (known != messageType)
                throw new BagException($"topic {topic} carries {CdrSerializer.RosTypeName(known)}, not {CdrSerializer.RosTypeName(messageType)}");
            return;
        }
        string type = CdrSerializer.RosTypeName(messageType);
        writer.AddTopic(topic, type, MessageDefinitions.For(type));
        topics[topic] = messageType;
    }

    public void Write(string topic, Time logTime, object message)
    {
        Declare(topic, message.GetType());
        writer.Write(topic, logTime.TotalNanoseconds, CdrSerializer.Serialize(message));
        Written++;
    }

    public void Dispose() => writer.Dispose();
}
