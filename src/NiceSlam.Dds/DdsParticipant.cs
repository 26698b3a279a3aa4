using NiceSlam.Dds.Interop;

namespace NiceSlam.Dds;

/// <summary>
/// A DDS domain participant on Cyclone DDS: the process's presence in a DDS domain, and the factory of its topics,
/// writers and readers (all of the opaque serialized type: samples are CDR bytes). Disposing it deletes every
/// entity created from it.
/// </summary>
public sealed unsafe class DdsParticipant : IDisposable
{
    private readonly Action releaseDomain;
    private int disposed;

    /// <param name="domainId">The DDS domain (ROS_DOMAIN_ID), 0-232.</param>
    /// <param name="config">Cyclone DDS configuration (an XML fragment or file URIs, as CYCLONEDDS_URI takes them);
    /// null or empty: Cyclone's own (CYCLONEDDS_URI from the environment, else its defaults).</param>
    /// <param name="userData">The participant's USER_DATA QoS (ROS 2: "enclave=/;").</param>
    /// <exception cref="DdsUnavailableException">libddsc or the shim cannot be loaded.</exception>
    /// <exception cref="DdsException">Cyclone refused (e.g. a bad configuration; Cyclone logs the details).</exception>
    public DdsParticipant(uint domainId, string? config = null, byte[]? userData = null)
    {
        if (domainId > 232) throw new ArgumentOutOfRangeException(nameof(domainId), domainId, "DDS domain ids run from 0 to 232");
        CycloneVersion = CycloneLibrary.EnsureLoaded();
        DomainId = domainId;
        releaseDomain = DdsDomains.Acquire(domainId, config);
        try
        {
            fixed (byte* ud = userData)
                Handle = DdsException.Check(CycloneShim.CreateParticipant(domainId, ud, (uint)(userData?.Length ?? 0)),
                    $"creating a DDS participant on domain {domainId}");
            Guid = GuidOf(Handle);
        }
        catch
        {
            releaseDomain();
            throw;
        }
    }

    public uint DomainId { get; }

    /// <summary>The Cyclone DDS version the shim was built against.</summary>
    public string CycloneVersion { get; }

    internal int Handle { get; }

    /// <summary>The participant's 16-byte DDSI GUID (prefix and entity id).</summary>
    public byte[] Guid { get; }

    /// <summary>A writer of <paramref name="typeName"/> samples on <paramref name="topicName"/> (DDS names, e.g.
    /// "rt/tf" and "tf2_msgs::msg::dds_::TFMessage_").</summary>
    public DdsWriter CreateWriter(string topicName, string typeName, DdsQos qos)
    {
        var (topic, sertype) = CreateTopic(topicName, typeName);
        try
        {
            fixed (byte* ud = qos.UserData)
            {
                int writer = DdsException.Check(CycloneShim.CreateWriter(Handle, topic, qos.Reliable ? 1 : 0, qos.TransientLocal ? 1 : 0,
                    qos.Depth, ud, (uint)(qos.UserData?.Length ?? 0), qos.MaxSamples), $"creating a DDS writer on {topicName}");
                return new DdsWriter(topicName, typeName, topic, writer, sertype);
            }
        }
        catch
        {
            CycloneShim.Delete(topic);
            throw;
        }
    }

    /// <summary>A reader of <paramref name="typeName"/> samples on <paramref name="topicName"/>.</summary>
    /// <param name="ignoreLocal">Ignore this participant's own writers.</param>
    public DdsReader CreateReader(string topicName, string typeName, DdsQos qos, bool ignoreLocal = false)
    {
        var (topic, _) = CreateTopic(topicName, typeName);
        try
        {
            fixed (byte* ud = qos.UserData)
            {
                int reader = DdsException.Check(CycloneShim.CreateReader(Handle, topic, qos.Reliable ? 1 : 0, qos.TransientLocal ? 1 : 0,
                    qos.Depth, ud, (uint)(qos.UserData?.Length ?? 0), ignoreLocal ? 1 : 0, qos.MaxSamples), $"creating a DDS reader on {topicName}");
                return new DdsReader(this, topicName, typeName, topic, reader);
            }
        }
        catch
        {
            CycloneShim.Delete(topic);
            throw;
        }
    }

    /// <summary>Alive publications in the domain (this participant's and discovered ones).</summary>
    public IReadOnlyList<DdsEndpointInfo> Publications() =>
        [.. ListBuiltin(1).Where(f => f.Length == 4).Select(f => new DdsEndpointInfo(f[0], f[1], f[2], f[3]))];

    /// <summary>Alive subscriptions in the domain (this participant's and discovered ones).</summary>
    public IReadOnlyList<DdsEndpointInfo> Subscriptions() =>
        [.. ListBuiltin(2).Where(f => f.Length == 4).Select(f => new DdsEndpointInfo(f[0], f[1], f[2], f[3]))];

    /// <summary>Alive participants in the domain (this one included): GUID (hex) and USER_DATA (as text).</summary>
    public IReadOnlyList<(string Guid, string UserData)> Participants() =>
        [.. ListBuiltin(0).Where(f => f.Length == 2).Select(f => (f[0], f[1]))];

    private readonly object builtinGate = new();
    private readonly int[] builtinReaders = new int[3];

    private List<string[]> ListBuiltin(int kind)
    {
        lock (builtinGate)
        {
            if (builtinReaders[kind] == 0)
                builtinReaders[kind] = DdsException.Check(CycloneShim.CreateBuiltinReader(Handle, kind), "creating a built-in topic reader");
            int capacity = 16 * 1024;
            while (true)
            {
                var buffer = new byte[capacity];
                int need;
                fixed (byte* b = buffer) need = DdsException.Check(CycloneShim.ListBuiltin(builtinReaders[kind], kind, b, capacity), "reading a built-in topic");
                if (need < capacity)
                    return [.. System.Text.Encoding.UTF8.GetString(buffer, 0, need).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t'))];
                capacity = need + 1;
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        CycloneShim.Delete(Handle); // deletes every child entity
        releaseDomain();
    }

    internal static byte[] GuidOf(int entity)
    {
        var guid = new byte[16];
        fixed (byte* g = guid) DdsException.Check(CycloneShim.GetGuid(entity, g), "reading an entity's GUID");
        return guid;
    }

    private (int Topic, nint Sertype) CreateTopic(string topicName, string typeName)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicName);
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        int topic = CycloneShim.CreateTopic(Handle, topicName, typeName, out nint sertype);
        if (topic == DdsReturnCodes.PreconditionNotMet)
            throw new DdsException($"DDS topic {topicName} is already in use in this participant with a type other than {typeName}", topic);
        DdsException.Check(topic, $"creating DDS topic {topicName} ({typeName})");
        return (topic, sertype);
    }
}

/// <summary>A DDS reader or writer seen through discovery: DDS topic and type names, its participant's GUID (hex)
/// and its USER_DATA (as text; rmw_cyclonedds puts clientid=/serviceid= there).</summary>
public sealed record DdsEndpointInfo(string Topic, string Type, string Participant, string UserData);
