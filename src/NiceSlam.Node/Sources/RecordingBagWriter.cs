using NiceSlam.Bags;
using NiceSlam.Messages.Cdr;

namespace NiceSlam.Node.Sources;

/// <summary>Writes a recording's messages into a rosbag2 bag (CDR payloads, ros2msg schemas), topics registered
/// as they first appear: how a dataset or the synthetic sequence becomes a bag any ROS 2 tool can play.</summary>
public static class RecordingBagWriter
{
    /// <returns>Messages written.</returns>
    public static long Write(IRecordedSource source, IBagWriter writer, CancellationToken cancellation = default)
    {
        var topics = new HashSet<string>();
        long count = 0;
        foreach (var message in source.Messages())
        {
            cancellation.ThrowIfCancellationRequested();
            if (topics.Add(message.Topic))
            {
                string type = CdrSerializer.RosTypeName(message.Message.GetType());
                writer.AddTopic(message.Topic, type, MessageDefinitions.For(type));
            }
            writer.Write(message.Topic, message.Stamp.TotalNanoseconds, CdrSerializer.Serialize(message.Message));
            count++;
        }
        return count;
    }
}
