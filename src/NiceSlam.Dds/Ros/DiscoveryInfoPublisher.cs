namespace NiceSlam.Dds.Ros;

/// <summary>
/// Keeps one node's entry in ros_discovery_info current, as rmw_cyclonedds' graph cache does: the participant's
/// Gid with the node's namespace, name and the Gids of its readers (subscriptions, service request readers, client
/// reply readers) and writers, republished whenever an entity comes or goes. The writer is reliable, transient
/// local, keep last 1, so a `ros2` daemon that starts later still learns the node.
/// </summary>
public sealed class DiscoveryInfoPublisher : IDisposable
{
    private readonly DdsWriter writer;
    private readonly RosDistro distro;
    private readonly byte[] participantGid;
    private readonly string nodeNamespace, nodeName;
    private readonly List<byte[]> readers = [], writers = [];
    private readonly object gate = new();

    public DiscoveryInfoPublisher(DdsParticipant participant, RosDistro distro, string nodeNamespace, string nodeName)
    {
        this.distro = distro;
        this.nodeNamespace = nodeNamespace;
        this.nodeName = nodeName;
        participantGid = ParticipantEntitiesInfo.GidOf(participant.Guid, distro);
        writer = participant.CreateWriter(ParticipantEntitiesInfo.DdsTopic, ParticipantEntitiesInfo.DdsTypeName, ParticipantEntitiesInfo.Qos);
        Publish();
    }

    /// <summary>Messages sent so far.</summary>
    public int Published { get; private set; }

    /// <summary>The message as it stands.</summary>
    public ParticipantEntitiesInfo Current()
    {
        lock (gate)
            return new ParticipantEntitiesInfo(participantGid,
                [new NodeEntitiesInfo(nodeNamespace, nodeName, [.. readers], [.. writers])]);
    }

    public void AddReader(byte[] guid) => Change(readers, guid, add: true);
    public void RemoveReader(byte[] guid) => Change(readers, guid, add: false);
    public void AddWriter(byte[] guid) => Change(writers, guid, add: true);
    public void RemoveWriter(byte[] guid) => Change(writers, guid, add: false);

    private void Change(List<byte[]> list, byte[] guid, bool add)
    {
        var gid = ParticipantEntitiesInfo.GidOf(guid, distro);
        lock (gate)
        {
            int i = list.FindIndex(g => g.AsSpan().SequenceEqual(gid));
            if (add == (i >= 0)) return;
            if (add) list.Add(gid); else list.RemoveAt(i);
            Publish();
        }
    }

    private void Publish()
    {
        lock (gate)
        {
            writer.Write(Current().Serialize(distro));
            Published++;
        }
    }

    public void Dispose() => writer.Dispose();
}
