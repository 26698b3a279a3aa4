using NiceSlam.Dds.Ros;

namespace NiceSlam.Dds;

/// <summary>How a <see cref="DdsMessageBus"/> joins the ROS 2 graph.</summary>
public sealed record DdsBusOptions
{
    /// <summary>DDS domain = ROS_DOMAIN_ID (0-232).</summary>
    public uint DomainId { get; init; }

    /// <summary>Wire conventions of this distribution (the Gid size of ros_discovery_info).</summary>
    public RosDistro Distro { get; init; } = RosDistro.Humble;

    /// <summary>The node's name and namespace as `ros2 node list` shows them ("/" + name in the root namespace).</summary>
    public string NodeName { get; init; } = "nice_slam";
    public string NodeNamespace { get; init; } = "/";

    /// <summary>The security enclave in the participant's USER_DATA ("enclave=/;").</summary>
    public string Enclave { get; init; } = "/";

    /// <summary>Cyclone DDS configuration (XML or file URIs); null: Cyclone's own (CYCLONEDDS_URI, else defaults).</summary>
    public string? CycloneConfig { get; init; }

    /// <summary>Follow /clock (rosgraph_msgs/Clock) for <see cref="DdsMessageBus.Now"/>, like use_sim_time.</summary>
    public bool UseSimTime { get; init; }

    /// <summary>The clock <see cref="DdsMessageBus.Now"/> reads when not following /clock; wall time by default
    /// (the node passes its replay clock, so a recording played onto DDS keeps its own time).</summary>
    public Func<NiceSlam.Messages.StdMsgs.Time>? Clock { get; init; }

    /// <summary>Milliseconds a service waits for the requesting client's reply reader to be matched before it
    /// answers (rmw_cyclonedds waits 100 ms and then gives up on that request).</summary>
    public int ReplyMatchTimeoutMs { get; init; } = 1000;

    /// <summary>Where failures in handlers and receive threads go; standard error by default.</summary>
    public Action<string, Exception>? OnError { get; init; }
}
