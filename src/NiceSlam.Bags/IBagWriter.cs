namespace NiceSlam.Bags;

/// <summary>
/// Writes a bag. Topics are added before their first message; <see cref="IDisposable.Dispose"/> finalizes the file
/// and writes the folder's <c>metadata.yaml</c>.
/// </summary>
public interface IBagWriter : IDisposable
{
    /// <summary>Adds a topic.</summary>
    /// <param name="name">Topic name, e.g. <c>/camera/rgb/image_color</c>.</param>
    /// <param name="type">ROS type name, e.g. <c>sensor_msgs/msg/Image</c>.</param>
    /// <param name="schemaText">The ros2msg definition text (MCAP stores it as the channel's schema; db3 ignores it).</param>
    /// <param name="serializationFormat">The payload encoding, <c>cdr</c> for ROS 2.</param>
    void AddTopic(string name, string type, string schemaText, string serializationFormat = "cdr");

    /// <summary>Writes one serialized message on a topic added before.</summary>
    void Write(string topic, long logTimeNs, byte[] data);
}
