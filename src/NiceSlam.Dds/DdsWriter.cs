using NiceSlam.Dds.Interop;

namespace NiceSlam.Dds;

/// <summary>A DDS writer of serialized samples: each <see cref="Write"/> sends one CDR-encoded message (4-byte
/// encapsulation header + payload) as it is.</summary>
public sealed unsafe class DdsWriter : IDisposable
{
    private readonly int topic;
    private readonly nint sertype;
    private int disposed;

    internal DdsWriter(string topicName, string typeName, int topic, int handle, nint sertype)
    {
        TopicName = topicName;
        TypeName = typeName;
        this.topic = topic;
        Handle = handle;
        this.sertype = sertype;
        Guid = DdsParticipant.GuidOf(handle);
        DdsException.Check(CycloneShim.GetInstanceHandle(handle, out ulong instance), "reading a writer's instance handle");
        InstanceHandle = instance;
    }

    public string TopicName { get; }
    public string TypeName { get; }
    internal int Handle { get; }

    /// <summary>The writer's 16-byte DDSI GUID.</summary>
    public byte[] Guid { get; }

    /// <summary>Cyclone's instance handle of the writer (rmw_cyclonedds' request header carries a client's).</summary>
    public ulong InstanceHandle { get; }

    /// <summary>Readers (local and remote) currently matched.</summary>
    public int MatchedReaders => Math.Max(0, CycloneShim.MatchedCount(Handle, 1));

    /// <summary>Sends one serialized sample; the bytes are copied.</summary>
    public void Write(ReadOnlySpan<byte> cdr)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        fixed (byte* p = cdr)
            DdsException.Check(CycloneShim.Write(Handle, sertype, p, (uint)cdr.Length), $"writing on {TopicName}");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        CycloneShim.Delete(Handle);
        CycloneShim.Delete(topic);
    }
}
