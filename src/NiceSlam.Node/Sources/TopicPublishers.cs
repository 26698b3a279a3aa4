using System.Reflection;
using NiceSlam.Messages.Bus;

namespace NiceSlam.Node.Sources;

/// <summary>Publishes recorded messages on a bus, one publisher per topic (created for the message's type the first
/// time the topic is seen), with the sensor-data QoS a camera driver uses.</summary>
public sealed class TopicPublishers(IMessageBus bus)
{
    private static readonly MethodInfo Typed = typeof(TopicPublishers).GetMethod(nameof(TypedPublisher), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly Dictionary<string, Action<object>> publishers = [];

    public void Publish(RecordedMessage message)
    {
        if (!publishers.TryGetValue(message.Topic, out var publish))
        {
            publish = (Action<object>)Typed.MakeGenericMethod(message.Message.GetType()).Invoke(null, [bus, message.Topic])!;
            publishers[message.Topic] = publish;
        }
        publish(message.Message);
    }

    private static Action<object> TypedPublisher<T>(IMessageBus bus, string topic) where T : class
    {
        var publisher = bus.CreatePublisher<T>(topic, QosProfile.SensorData);
        return m => publisher.Publish((T)m);
    }
}
