namespace NiceSlam.Bags;

/// <summary>
/// One topic of a bag: its name, ROS type (e.g. <c>sensor_msgs/msg/Image</c>), serialization format
/// (<c>cdr</c>), how many messages it holds and the QoS profiles its publishers offered (rosbag2's YAML text,
/// empty when unknown).
/// </summary>
public sealed record BagTopic(string Name, string Type, string SerializationFormat, long MessageCount, string OfferedQosProfiles = "");
