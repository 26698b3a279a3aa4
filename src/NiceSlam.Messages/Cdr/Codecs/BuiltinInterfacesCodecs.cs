using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.Cdr.Codecs;

/// <summary>builtin_interfaces: Time and Duration (int32 sec, uint32 nanosec).</summary>
internal static class BuiltinInterfacesCodecs
{
    public static void WriteTime(CdrWriter w, Time t)
    {
        w.WriteInt32(t.Sec);
        w.WriteUInt32(t.Nanosec);
    }

    public static Time ReadTime(ref CdrReader r) => new(r.ReadInt32("Time.sec"), r.ReadUInt32("Time.nanosec"));

    public static void WriteDuration(CdrWriter w, Duration d)
    {
        w.WriteInt32(d.Sec);
        w.WriteUInt32(d.Nanosec);
    }

    public static Duration ReadDuration(ref CdrReader r) =>
        new(r.ReadInt32("Duration.sec"), r.ReadUInt32("Duration.nanosec"));

    public static IEnumerable<CdrCodec> All() =>
    [
        new CdrCodec<Time>(Time.TypeName, WriteTime, ReadTime),
        new CdrCodec<Duration>(Duration.TypeName, WriteDuration, ReadDuration),
    ];
}
