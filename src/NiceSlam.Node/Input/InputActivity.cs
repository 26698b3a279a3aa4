using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Node.Input;

/// <summary>What has arrived on one input topic: how many messages, when the last came (wall clock), its stamp,
/// encoding and size. Null fields: nothing yet.</summary>
public sealed record StreamActivity(string Topic, long Messages, DateTime? LastArrivalUtc, Time? LastStamp, string? Encoding, uint Width, uint Height);

/// <summary>
/// The input stage's record of arrivals on colour, depth and CameraInfo, whatever happens to the messages after
/// (the synchroniser may pair them, a check may refuse them): the raw material for saying why no frame comes.
/// Thread-safe; one lock a message.
/// </summary>
public sealed class InputActivity(string colorTopic, string depthTopic, string cameraInfoTopic, TimeProvider? time = null)
{
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly object gate = new();
    private StreamActivity colour = new(colorTopic, 0, null, null, null, 0, 0);
    private StreamActivity depth = new(depthTopic, 0, null, null, null, 0, 0);
    private StreamActivity info = new(cameraInfoTopic, 0, null, null, null, 0, 0);
    private readonly StampGapCounter colourGaps = new();

    public StreamActivity Colour { get { lock (gate) return colour; } }
    public StreamActivity Depth { get { lock (gate) return depth; } }
    public StreamActivity CameraInfo { get { lock (gate) return info; } }

    /// <summary>Colour images estimated missing before the node from gaps in their stamps (lost in transport, e.g.
    /// inside DDS, or never sent by the driver): see <see cref="StampGapCounter"/>.</summary>
    public long ColourMissing { get { lock (gate) return colourGaps.Missing; } }

    internal void ColourArrived(Image m)
    {
        lock (gate)
        {
            colour = Next(colour, m.Header.Stamp, m.Encoding, m.Width, m.Height);
            colourGaps.Add(m.Header.Stamp.ToSeconds());
        }
    }

    internal void DepthArrived(Image m) { lock (gate) depth = Next(depth, m.Header.Stamp, m.Encoding, m.Width, m.Height); }

    internal void CameraInfoArrived(CameraInfo m) { lock (gate) info = Next(info, m.Header.Stamp, m.DistortionModel, m.Width, m.Height); }

    private StreamActivity Next(StreamActivity s, Time stamp, string encoding, uint width, uint height) =>
        s with { Messages = s.Messages + 1, LastArrivalUtc = time.GetUtcNow().UtcDateTime, LastStamp = stamp, Encoding = encoding, Width = width, Height = height };
}
