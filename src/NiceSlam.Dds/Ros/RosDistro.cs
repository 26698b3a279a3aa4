namespace NiceSlam.Dds.Ros;

/// <summary>The ROS 2 distribution whose wire conventions the bus follows. Both ship Cyclone DDS 0.10; they
/// differ in the size of rmw_dds_common's Gid (24 bytes in Humble, 16 from Iron on).</summary>
public enum RosDistro { Humble, Jazzy }

public static class RosDistros
{
    /// <summary>Bytes of rmw_dds_common/msg/Gid (char[24] in Humble, char[16] in Jazzy).</summary>
    public static int GidSize(this RosDistro distro) => distro switch
    {
        RosDistro.Humble => 24,
        RosDistro.Jazzy => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(distro), distro, "unknown ROS distribution"),
    };

    /// <summary>"humble" or "jazzy" (case-insensitive) → the distro.</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static RosDistro Parse(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "humble" => RosDistro.Humble,
        "jazzy" => RosDistro.Jazzy,
        _ => throw new ArgumentException($"ROS distribution must be humble or jazzy, got '{name}'", nameof(name)),
    };
}
