namespace NiceSlam.Dds;

/// <summary>
/// The DDS QoS of one reader or writer, in the terms ROS 2 uses: reliability, durability (transient local keeps
/// the last <see cref="Depth"/> samples for late joiners), keep-last history of <see cref="Depth"/> (keep-all when
/// 0), and the USER_DATA bytes (rmw_cyclonedds puts clientid=/serviceid= there). Liveliness is automatic with an
/// infinite lease, autodispose is off, as rmw_cyclonedds sets them. <see cref="MaxSamples"/> (keep-all only; 0:
/// unlimited) bounds a reader's samples not yet taken: Cyclone then holds back delivery, stops acknowledging, and a
/// reliable writer waits, so nothing is lost and nothing piles up.
/// </summary>
public sealed record DdsQos(bool Reliable, bool TransientLocal, int Depth, byte[]? UserData = null, int MaxSamples = 0)
{
    /// <summary>rmw_qos_profile_services_default: reliable, volatile, keep last 10.</summary>
    public static DdsQos Services(byte[]? userData = null) => new(true, false, 10, userData);
}
