using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.Tf2Msgs;

namespace NiceSlam.Messages.Cdr.Codecs;

/// <summary>tf2_msgs: TFMessage (geometry_msgs/TransformStamped[] transforms).</summary>
internal static class Tf2MsgsCodecs
{
    public static void WriteTFMessage(CdrWriter w, TFMessage m)
    {
        w.WriteSequenceLength(m.Transforms.Length);
        foreach (var t in m.Transforms) GeometryMsgsCodecs.WriteTransformStamped(w, t);
    }

    public static TFMessage ReadTFMessage(ref CdrReader r)
    {
        // A TransformStamped is at least 8 (stamp) + 5 + 5 (two empty strings) + 56 (transform) bytes.
        var transforms = new TransformStamped[r.ReadSequenceLength(74, "TFMessage.transforms")];
        for (int i = 0; i < transforms.Length; i++) transforms[i] = GeometryMsgsCodecs.ReadTransformStamped(ref r);
        return new TFMessage { Transforms = transforms };
    }

    public static IEnumerable<CdrCodec> All() =>
    [
        new CdrCodec<TFMessage>(TFMessage.TypeName, WriteTFMessage, ReadTFMessage),
    ];
}
