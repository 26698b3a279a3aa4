using NiceSlam.Dds.Interop;

namespace NiceSlam.Dds;

/// <summary>What a reader learned about one taken sample besides its bytes.</summary>
/// <param name="SourceTimestamp">The writer's timestamp, nanoseconds since the Unix epoch.</param>
/// <param name="PublicationHandle">The writer's instance handle as this reader knows it.</param>
public readonly record struct DdsSampleInfo(long SourceTimestamp, ulong PublicationHandle);

/// <summary>Handles one sample's CDR bytes; the span is valid only during the call.</summary>
public delegate void DdsSampleHandler(ReadOnlySpan<byte> cdr, DdsSampleInfo info);

/// <summary>
/// A DDS reader of serialized samples. <see cref="Start"/> runs a thread that waits on the reader (a Cyclone
/// waitset with a read condition) and hands every valid sample to the handler, straight from Cyclone's buffer (no
/// copy in between); <see cref="TakeAll"/> does one pass by hand. Disposing stops the thread and deletes the reader.
/// </summary>
public sealed unsafe class DdsReader : IDisposable
{
    private readonly DdsParticipant participant;
    private readonly int topic;
    private int waitset, guard;
    private Thread? thread;
    private volatile bool stopping;
    private int disposed;

    internal DdsReader(DdsParticipant participant, string topicName, string typeName, int topic, int handle)
    {
        this.participant = participant;
        TopicName = topicName;
        TypeName = typeName;
        this.topic = topic;
        Handle = handle;
        Guid = DdsParticipant.GuidOf(handle);
    }

    public string TopicName { get; }
    public string TypeName { get; }
    internal int Handle { get; }

    /// <summary>The reader's 16-byte DDSI GUID.</summary>
    public byte[] Guid { get; }

    /// <summary>Writers (local and remote) currently matched.</summary>
    public int MatchedWriters => Math.Max(0, CycloneShim.MatchedCount(Handle, 0));

    /// <summary>Valid samples taken so far.</summary>
    public long Received => Interlocked.Read(ref received);
    private long received;

    /// <summary>Takes every waiting sample, calling <paramref name="handler"/> for each valid one; returns how many.</summary>
    public int TakeAll(DdsSampleHandler handler)
    {
        int n = 0;
        while (true)
        {
            int rc = CycloneShim.Take(Handle, out nint sample, out byte* data, out var meta);
            if (rc == 0 || rc == DdsReturnCodes.AlreadyDeleted) return n;
            DdsException.Check(rc, $"taking from {TopicName}");
            try
            {
                if (meta.ValidData != 0 && data != null)
                {
                    Interlocked.Increment(ref received);
                    n++;
                    handler(new ReadOnlySpan<byte>(data, checked((int)meta.Size)), new DdsSampleInfo(meta.SourceTimestamp, meta.PublicationHandle));
                }
            }
            finally
            {
                CycloneShim.Release(sample);
            }
        }
    }

    /// <summary>Starts the receive thread. <paramref name="onError"/> gets what the handler throws (the thread
    /// goes on).</summary>
    public void Start(DdsSampleHandler handler, Action<Exception> onError)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(onError);
        if (thread is not null) throw new InvalidOperationException($"the reader of {TopicName} is already started");
        waitset = DdsException.Check(CycloneShim.CreateWaitset(participant.Handle), "creating a waitset");
        int condition = DdsException.Check(CycloneShim.CreateReadCondition(Handle), "creating a read condition");
        guard = DdsException.Check(CycloneShim.CreateGuardCondition(participant.Handle), "creating a guard condition");
        DdsException.Check(CycloneShim.WaitsetAttach(waitset, condition, 1), "attaching a read condition");
        DdsException.Check(CycloneShim.WaitsetAttach(waitset, guard, 0), "attaching a guard condition");
        thread = new Thread(() => Pump(handler, onError)) { IsBackground = true, Name = "dds " + TopicName };
        thread.Start();
    }

    private void Pump(DdsSampleHandler handler, Action<Exception> onError)
    {
        while (!stopping)
        {
            int rc = CycloneShim.WaitsetWait(waitset, 1_000_000_000);
            if (stopping) break;
            if (rc < 0)
            {
                if (rc == DdsReturnCodes.AlreadyDeleted) break;
                onError(new DdsException($"waiting for {TopicName} failed: {DdsException.Describe(rc)}", rc));
                Thread.Sleep(100);
                continue;
            }
            try
            {
                TakeAll(handler);
            }
            catch (Exception e) when (!stopping)
            {
                onError(e);
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        stopping = true;
        if (thread is not null)
        {
            CycloneShim.SetGuardCondition(guard, 1);
            if (Thread.CurrentThread != thread) thread.Join(TimeSpan.FromSeconds(10));
            CycloneShim.Delete(waitset);
            CycloneShim.Delete(guard);
        }
        CycloneShim.Delete(Handle); // deletes its read condition too
        CycloneShim.Delete(topic);
    }
}
