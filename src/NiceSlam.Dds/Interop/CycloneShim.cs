using System.Runtime.InteropServices;

namespace NiceSlam.Dds.Interop;

/// <summary>
/// P/Invoke declarations of libniceslam_dds (Native/niceslam_dds.c), the C shim over libddsc. Entities are Cyclone's
/// int32 handles (negative values are return codes); the sertype pointer and sample handles are opaque.
/// Use <see cref="CycloneLibrary.EnsureLoaded"/> before the first call: it turns a missing library into a message
/// that names the package to install.
/// </summary>
internal static unsafe partial class CycloneShim
{
    public const string Library = "niceslam_dds";

    /// <summary>The shim's ABI version this assembly is written for (NSDDS_ABI_VERSION in the C file).</summary>
    public const int AbiVersion = 4;

    [LibraryImport(Library, EntryPoint = "nsdds_abi_version")]
    public static partial int AbiVersionOfLibrary();

    [LibraryImport(Library, EntryPoint = "nsdds_strretcode")]
    public static partial nint StrRetCode(int rc);

    [LibraryImport(Library, EntryPoint = "nsdds_cyclone_version")]
    public static partial nint CycloneVersion();

    [LibraryImport(Library, EntryPoint = "nsdds_create_domain", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CreateDomain(uint domainId, string config);

    [LibraryImport(Library, EntryPoint = "nsdds_create_participant")]
    public static partial int CreateParticipant(uint domainId, byte* userData, uint userDataSize);

    [LibraryImport(Library, EntryPoint = "nsdds_delete")]
    public static partial int Delete(int entity);

    [LibraryImport(Library, EntryPoint = "nsdds_create_topic", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CreateTopic(int participant, string topicName, string typeName, out nint sertype);

    [LibraryImport(Library, EntryPoint = "nsdds_create_writer")]
    public static partial int CreateWriter(int participant, int topic, int reliable, int transientLocal, int depth, byte* userData, uint userDataSize, int maxSamples);

    [LibraryImport(Library, EntryPoint = "nsdds_create_reader")]
    public static partial int CreateReader(int participant, int topic, int reliable, int transientLocal, int depth, byte* userData, uint userDataSize, int ignoreLocal, int maxSamples);

    [LibraryImport(Library, EntryPoint = "nsdds_write")]
    public static partial int Write(int writer, nint sertype, byte* data, uint size);

    [LibraryImport(Library, EntryPoint = "nsdds_take")]
    public static partial int Take(int reader, out nint handle, out byte* data, out SampleMeta meta);

    [LibraryImport(Library, EntryPoint = "nsdds_release")]
    public static partial void Release(nint handle);

    [LibraryImport(Library, EntryPoint = "nsdds_get_guid")]
    public static partial int GetGuid(int entity, byte* guid16);

    [LibraryImport(Library, EntryPoint = "nsdds_get_instance_handle")]
    public static partial int GetInstanceHandle(int entity, out ulong handle);

    [LibraryImport(Library, EntryPoint = "nsdds_matched_count")]
    public static partial int MatchedCount(int entity, int isWriter);

    [LibraryImport(Library, EntryPoint = "nsdds_create_waitset")]
    public static partial int CreateWaitset(int participant);

    [LibraryImport(Library, EntryPoint = "nsdds_create_readcondition")]
    public static partial int CreateReadCondition(int reader);

    [LibraryImport(Library, EntryPoint = "nsdds_create_guardcondition")]
    public static partial int CreateGuardCondition(int participant);

    [LibraryImport(Library, EntryPoint = "nsdds_set_guardcondition")]
    public static partial int SetGuardCondition(int guard, int triggered);

    [LibraryImport(Library, EntryPoint = "nsdds_waitset_attach")]
    public static partial int WaitsetAttach(int waitset, int entity, long x);

    [LibraryImport(Library, EntryPoint = "nsdds_waitset_wait")]
    public static partial int WaitsetWait(int waitset, long timeoutNanoseconds);

    [LibraryImport(Library, EntryPoint = "nsdds_client_reply_reader_state")]
    public static partial int ClientReplyReaderState(int requestReader, int replyWriter, ulong requestWriterHandle);

    [LibraryImport(Library, EntryPoint = "nsdds_create_builtin_reader")]
    public static partial int CreateBuiltinReader(int participant, int kind);

    [LibraryImport(Library, EntryPoint = "nsdds_list_builtin")]
    public static partial int ListBuiltin(int reader, int kind, byte* buffer, int capacity);

    /// <summary>struct nsdds_sample_meta.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SampleMeta
    {
        public long SourceTimestamp;
        public ulong PublicationHandle;
        public int ValidData;
        public uint Size;
    }
}
