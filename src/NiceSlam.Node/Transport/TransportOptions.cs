using Microsoft.Extensions.Configuration;

namespace NiceSlam.Node.Transport;

/// <summary>
/// How the node reaches the ROS 2 graph, bound from the same "NiceSlam" section as <see cref="NodeOptions"/> (and
/// so from the same parameter file: launch/params.yaml documents each key).
/// </summary>
public sealed class TransportOptions
{
    /// <summary>"loopback" (in-process bus: demos, replays, tests), "dds" (Cyclone DDS with ROS 2's wire
    /// conventions, no ROS install needed) or "rcldotnet" (the ROS 2 workspace build, src/NiceSlam.Ros).</summary>
    [ConfigurationKeyName("transport")] public string Transport { get; set; } = "loopback";

    /// <summary>"humble" or "jazzy": the wire conventions the dds transport follows.</summary>
    [ConfigurationKeyName("ros_distro")] public string RosDistro { get; set; } = "humble";

    /// <summary>DDS domain (ROS_DOMAIN_ID); -1: the ROS_DOMAIN_ID environment variable, else 0.</summary>
    [ConfigurationKeyName("domain_id")] public int DomainId { get; set; } = -1;

    /// <summary>The network interface for the dds transport (a name like "eth0" or an address; "lo": this host
    /// only, no multicast). Empty: Cyclone's own choice, or CYCLONEDDS_URI as for any ROS 2 node on Cyclone.</summary>
    [ConfigurationKeyName("dds_network_interface")] public string DdsNetworkInterface { get; set; } = "";

    /// <summary>A full Cyclone DDS configuration (XML or file URIs) for the dds transport; overrides
    /// dds_network_interface. Empty: none.</summary>
    [ConfigurationKeyName("dds_config")] public string DdsConfig { get; set; } = "";

    /// <summary>Follow /clock (rosgraph_msgs/Clock) for the node's time, as ROS nodes under use_sim_time.</summary>
    [ConfigurationKeyName("use_sim_time")] public bool UseSimTime { get; set; }

    public static IReadOnlyList<string> ParameterNames { get; } = [.. Parameters.SettingProperties.Of(typeof(TransportOptions)).Select(p => p.Key)];

    /// <summary>The DDS domain: <see cref="DomainId"/>, else ROS_DOMAIN_ID, else 0.</summary>
    public uint ResolveDomainId(Func<string, string?>? environment = null)
    {
        if (DomainId >= 0) return (uint)DomainId;
        string? text = (environment ?? Environment.GetEnvironmentVariable)("ROS_DOMAIN_ID");
        if (string.IsNullOrWhiteSpace(text)) return 0;
        return uint.TryParse(text.Trim(), out uint id) && id <= 232
            ? id
            : throw new ArgumentException($"ROS_DOMAIN_ID must be a number from 0 to 232, got '{text}'");
    }

    public void Validate()
    {
        string key = NodeOptions.Section;
        if (Transport is not ("loopback" or "dds" or "rcldotnet"))
            throw new ArgumentException($"{key}:transport must be loopback, dds or rcldotnet, got '{Transport}'");
        if (RosDistro is not ("humble" or "jazzy"))
            throw new ArgumentException($"{key}:ros_distro must be humble or jazzy, got '{RosDistro}'");
        if (DomainId is < -1 or > 232)
            throw new ArgumentException($"{key}:domain_id must be -1 (ROS_DOMAIN_ID) or 0-232, got '{DomainId}'");
    }
}
