using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.Cdr.Codecs;

/// <summary>std_msgs: Header (builtin_interfaces/Time stamp, string frame_id) and ColorRGBA (float32 r g b a).</summary>
internal static class StdMsgsCodecs
{
    public static void WriteHeader(CdrWriter w, Header h)
    {
        BuiltinInterfacesCodecs.WriteTime(w, h.Stamp);
        w.WriteString(h.FrameId, "Header.frame_id");
    }

    public static Header ReadHeader(ref CdrReader r)
    {
        var stamp = BuiltinInterfacesCodecs.ReadTime(ref r);
        return new Header(stamp, r.ReadString("Header.frame_id"));
    }

    public static void WriteColor(CdrWriter w, ColorRGBA c)
    {
        w.WriteFloat32(c.R);
        w.WriteFloat32(c.G);
        w.WriteFloat32(c.B);
        w.WriteFloat32(c.A);
    }

    public static ColorRGBA ReadColor(ref CdrReader r) =>
        new(r.ReadFloat32("ColorRGBA.r"), r.ReadFloat32("ColorRGBA.g"), r.ReadFloat32("ColorRGBA.b"), r.ReadFloat32("ColorRGBA.a"));

    public static IEnumerable<CdrCodec> All() =>
    [
        new CdrCodec<Header>(Header.TypeName, WriteHeader, ReadHeader),
        new CdrCodec<ColorRGBA>(ColorRGBA.TypeName, WriteColor, ReadColor),
    ];
}
