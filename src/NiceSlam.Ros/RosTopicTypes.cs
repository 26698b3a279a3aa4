using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using Path = NiceSlam.Messages.NavMsgs.Path;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.Tf2Msgs;
using NiceSlam.Messages.VisualizationMsgs;
using ROS2;

namespace NiceSlam.Ros;

/// <summary>
/// Which rcldotnet message class carries each message record of the node, and how to convert between them:
/// the table <see cref="RosMessageBus"/> looks a topic's C# type up in. A record type missing here cannot be
/// published or subscribed over ROS (the bus says so by name).
/// </summary>
internal static class RosTopicTypes
{
    private static readonly Dictionary<Type, IRosTopicType> Types = new IRosTopicType[]
    {
        new RosTopicType<Image, RosBulkImage>(RosMessageConversions.ToRos, RosMessageConversions.FromRos),
        new RosTopicType<CompressedImage, RosBulkCompressedImage>(RosMessageConversions.ToRos, RosMessageConversions.FromRos),
        new RosTopicType<CameraInfo, global::sensor_msgs.msg.CameraInfo>(RosMessageConversions.ToRos, RosMessageConversions.FromRos),
        new RosTopicType<PointCloud2, RosBulkPointCloud2>(RosMessageConversions.ToRos, RosMessageConversions.FromRos),
        new RosTopicType<TFMessage, global::tf2_msgs.msg.TFMessage>(RosMessageConversions.ToRos, RosMessageConversions.FromRos),
        new RosTopicType<Path, global::nav_msgs.msg.Path>(RosMessageConversions.ToRos, RosMessageConversions.FromRos),
        new RosTopicType<Odometry, global::nav_msgs.msg.Odometry>(RosMessageConversions.ToRos, RosMessageConversions.FromRos),
        new RosTopicType<OccupancyGrid, global::nav_msgs.msg.OccupancyGrid>(RosMessageConversions.ToRos, RosMessageConversions.FromRos),
        new RosTopicType<PoseStamped, global::geometry_msgs.msg.PoseStamped>(RosMessageConversions.ToRos, RosMessageConversions.FromRos),
        new RosTopicType<Marker, global::visualization_msgs.msg.Marker>(RosMessageConversions.ToRos, RosMessageConversions.FromRos),
        new RosTopicType<SlamStatus, global::nice_slam_msgs.msg.SlamStatus>(RosMessageConversions.ToRos, RosMessageConversions.FromRos),
    }.ToDictionary(t => t.ModelType);

    public static RosTopicType<T> Get<T>() where T : class =>
        Types.TryGetValue(typeof(T), out var t)
            ? (RosTopicType<T>)t
            : throw new NotSupportedException(
                $"no ROS message type is mapped for {typeof(T).FullName}; mapped: {string.Join(", ", Types.Keys.Select(k => k.Name))}");
}

/// <summary>A message record type together with its rcldotnet class.</summary>
internal interface IRosTopicType
{
    Type ModelType { get; }
}

/// <summary>Creates rcldotnet publishers and subscriptions for the record type <typeparamref name="T"/>.</summary>
internal abstract class RosTopicType<T> : IRosTopicType where T : class
{
    public Type ModelType => typeof(T);

    /// <summary>A publish action that converts and sends one record; <paramref name="publisher"/> is the rcldotnet
    /// publisher behind it (for its release at shutdown).</summary>
    public abstract Action<T> CreatePublisher(ROS2.Node node, string topic, ROS2.QosProfile qos, out Publisher publisher);

    public abstract Subscription CreateSubscription(ROS2.Node node, string topic, ROS2.QosProfile qos, Action<T> handler);
}

internal sealed class RosTopicType<T, TRos>(Func<T, TRos> toRos, Func<TRos, T> fromRos) : RosTopicType<T>
    where T : class where TRos : IRosMessage, new()
{
    public override Action<T> CreatePublisher(ROS2.Node node, string topic, ROS2.QosProfile qos, out Publisher publisher)
    {
        Publisher<TRos> typed = node.CreatePublisher<TRos>(topic, qos);
        publisher = typed;
        return message => typed.Publish(toRos(message));
    }

    public override Subscription CreateSubscription(ROS2.Node node, string topic, ROS2.QosProfile qos, Action<T> handler) =>
        node.CreateSubscription<TRos>(topic, m => handler(fromRos(m)), qos);
}
