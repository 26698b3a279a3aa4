using NiceSlam.Messages.Cdr;

namespace NiceSlam.Dds.Ros;

/// <summary>rmw_dds_common/msg/NodeEntitiesInfo: one node's name and the GIDs of its readers and writers.</summary>
public sealed record NodeEntitiesInfo(string NodeNamespace, string NodeName, IReadOnlyList<byte[]> ReaderGids, IReadOnlyList<byte[]> WriterGids);

/// <summary>
/// rmw_dds_common/msg/ParticipantEntitiesInfo, what every ROS 2 participant publishes on the DDS topic
/// "ros_discovery_info" (no rt/ prefix; type rmw_dds_common::msg::dds_::ParticipantEntitiesInfo_; reliable,
/// transient local, keep last 1) so that `ros2 node list` and `ros2 node info` can map DDS entities to nodes.
/// A Gid (rmw_dds_common/msg/Gid) is a fixed char array: 24 bytes in Humble, 16 in Jazzy; a Cyclone GUID (16
/// bytes) is copied to its start and the rest is zero, as rmw_cyclonedds' convert_guid_to_gid does.
/// </summary>
public sealed record ParticipantEntitiesInfo(byte[] Gid, IReadOnlyList<NodeEntitiesInfo> Nodes)
{
    public const string DdsTopic = "ros_discovery_info";
    public const string DdsTypeName = "rmw_dds_common::msg::dds_::ParticipantEntitiesInfo_";

    /// <summary>The QoS rmw_cyclonedds publishes it with.</summary>
    public static DdsQos Qos { get; } = new(Reliable: true, TransientLocal: true, Depth: 1);

    /// <summary>The QoS rmw_cyclonedds reads it with: keep all, because the topic has no key, so one keep-last-1
    /// history would hold one sample for all participants together.</summary>
    public static DdsQos ReaderQos { get; } = new(Reliable: true, TransientLocal: true, Depth: 0);

    /// <summary>The Gid of a 16-byte DDSI GUID for <paramref name="distro"/>.</summary>
    public static byte[] GidOf(ReadOnlySpan<byte> guid, RosDistro distro)
    {
        if (guid.Length != 16) throw new ArgumentException($"a DDSI GUID has 16 bytes, got {guid.Length}", nameof(guid));
        var gid = new byte[distro.GidSize()];
        guid.CopyTo(gid);
        return gid;
    }

    /// <summary>CDR (XCDR1, little-endian, with the encapsulation header) with Gids of <paramref name="distro"/>'s size.</summary>
    public byte[] Serialize(RosDistro distro)
    {
        int size = distro.GidSize();
        var w = new CdrWriter(bigEndian: false, initialCapacity: 256);
        WriteGid(w, Gid, size);
        w.WriteSequenceLength(Nodes.Count);
        foreach (var node in Nodes)
        {
            w.WriteString(node.NodeNamespace, "node_namespace");
            w.WriteString(node.NodeName, "node_name");
            w.WriteSequenceLength(node.ReaderGids.Count);
            foreach (var g in node.ReaderGids) WriteGid(w, g, size);
            w.WriteSequenceLength(node.WriterGids.Count);
            foreach (var g in node.WriterGids) WriteGid(w, g, size);
        }
        return w.ToArray();
    }

    /// <summary>Reads a message written with <paramref name="distro"/>'s Gid size.</summary>
    /// <exception cref="CdrException">Truncated or malformed data.</exception>
    public static ParticipantEntitiesInfo Deserialize(ReadOnlySpan<byte> cdr, RosDistro distro)
    {
        int size = distro.GidSize();
        var r = new CdrReader(cdr);
        var gid = ReadGid(ref r, size);
        int nodes = r.ReadSequenceLength(4 + 4 + 4 + 4, "node_entities_info_seq");
        var list = new List<NodeEntitiesInfo>(nodes);
        for (int i = 0; i < nodes; i++)
        {
            string ns = r.ReadString("node_namespace");
            string name = r.ReadString("node_name");
            int readers = r.ReadSequenceLength(size, "reader_gid_seq");
            var readerGids = new List<byte[]>(readers);
            for (int j = 0; j < readers; j++) readerGids.Add(ReadGid(ref r, size));
            int writers = r.ReadSequenceLength(size, "writer_gid_seq");
            var writerGids = new List<byte[]>(writers);
            for (int j = 0; j < writers; j++) writerGids.Add(ReadGid(ref r, size));
            list.Add(new NodeEntitiesInfo(ns, name, readerGids, writerGids));
        }
        if (r.Remaining > CdrSerializer.MaxTrailingPadding)
            throw new CdrException($"ParticipantEntitiesInfo has {r.Remaining} bytes left over: not written with {distro}'s Gid of {size} bytes?");
        return new ParticipantEntitiesInfo(gid, list);
    }

    private static void WriteGid(CdrWriter w, byte[] gid, int size)
    {
        if (gid.Length != size)
            throw new CdrException($"rmw_dds_common/msg/Gid has {size} bytes here, got {gid.Length}");
        foreach (byte b in gid) w.WriteUInt8(b);
    }

    private static byte[] ReadGid(ref CdrReader r, int size)
    {
        var gid = new byte[size];
        for (int i = 0; i < size; i++) gid[i] = r.ReadUInt8("Gid.data");
        return gid;
    }
}
