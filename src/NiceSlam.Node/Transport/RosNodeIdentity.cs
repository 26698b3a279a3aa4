namespace NiceSlam.Node.Transport;

/// <summary>The node's ROS name and namespace (after --ros-args -r __node:= / __ns:=), as the graph shows it.</summary>
public sealed record RosNodeIdentity(string Name = "nice_slam", string Namespace = "/");
