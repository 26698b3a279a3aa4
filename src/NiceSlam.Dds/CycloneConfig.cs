using System.Net;
using System.Security;

namespace NiceSlam.Dds;

/// <summary>
/// Cyclone DDS configurations (the XML that CYCLONEDDS_URI takes) for the cases the node needs to set itself.
/// On a robot the usual way is the same as for any ROS 2 node on Cyclone: export CYCLONEDDS_URI; the node's
/// dds_network_interface setting is a shortcut for the most common line of it.
/// </summary>
public static class CycloneConfig
{
    /// <summary>
    /// Loopback only: the 127.0.0.1 interface, no multicast, unicast discovery to 127.0.0.1 (participant indices
    /// assigned automatically up to <paramref name="maxParticipants"/>, so several participants on one host find
    /// each other), receive buffers up to 4 MiB. Nothing is sent to any other address.
    /// </summary>
    public static string Loopback(int maxParticipants = 20) =>
        "<CycloneDDS><Domain id=\"any\">" +
        "<General><Interfaces><NetworkInterface address=\"127.0.0.1\"/></Interfaces><AllowMulticast>false</AllowMulticast></General>" +
        $"<Discovery><ParticipantIndex>auto</ParticipantIndex><MaxAutoParticipantIndex>{maxParticipants}</MaxAutoParticipantIndex>" +
        "<Peers><Peer address=\"127.0.0.1\"/></Peers></Discovery>" +
        "<Internal><SocketReceiveBufferSize min=\"default\" max=\"4MiB\"/></Internal>" +
        "</Domain></CycloneDDS>";

    /// <summary>
    /// Cyclone on one network interface, given by name ("eth0", "wlan0") or address ("192.168.1.20"); "lo" and
    /// "127.0.0.1" give <see cref="Loopback"/>. Discovery stays Cyclone's default (multicast on that interface).
    /// </summary>
    public static string ForInterface(string nameOrAddress)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrAddress);
        string value = nameOrAddress.Trim();
        if (value is "lo" or "127.0.0.1" or "localhost") return Loopback();
        string attribute = IPAddress.TryParse(value, out _) ? "address" : "name";
        return "<CycloneDDS><Domain id=\"any\"><General><Interfaces>" +
               $"<NetworkInterface {attribute}=\"{SecurityElement.Escape(value)}\"/>" +
               "</Interfaces></General></Domain></CycloneDDS>";
    }
}
