using NiceSlam.Bags;

namespace NiceSlam.Node.Sources;

/// <summary>Writes a recording's messages into a rosbag2 bag (CDR payloads, ros2msg schemas), topics registered
/// as they first appear: how a dataset or the synthetic sequence becomes a bag any ROS 2 tool can play.</summary>
public static class RecordingBagWriter
{
    /// <returns>Messages written.</returns>
    public static long Write(IRecordedSource source, MessageBagWriter writer, CancellationToken cancellation = default)
    {
        long before = writer.Written;
        foreach (var message in source.Messages())
        {
            cancellation.ThrowIfCancellationRequested();
            writer.Write(message.Topic, message.Stamp, message.Message);
        }
        return writer.Written - before;
    }
}
