namespace NiceSlam.Messages.Bus;

/// <summary>A topic someone publishes, as the transport sees it: ROS name, ROS type ("sensor_msgs/msg/Image") and
/// how many publishers it has.</summary>
public sealed record DiscoveredTopic(string Name, string Type, int Publishers);

/// <summary>
/// Implemented by transports that can see the graph: which topics are published (by anyone, this process
/// included). The node uses it to say what it could subscribe to when its camera topics stay silent.
/// </summary>
public interface ITopicDiscovery
{
    IReadOnlyList<DiscoveredTopic> DiscoverTopics();
}
