using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Slam;

/// <summary>
/// What the engine lets in: a frame must have the first frame's intrinsics, a timestamp after the previous accepted
/// frame's and at least 1 % valid depth (16 pixels at the least); anything else is rejected with the reason. After a
/// map import the incoming numbering usually starts again at 0: the gate then renumbers frames to follow the imported
/// ones, so frame indices stay unique. Owned and called by the tracking side only.
/// </summary>
internal sealed class FrameGate
{
    private int indexOffset;              // added to incoming frame indices after an import
    private int? firstIndexAfterImport;   // the lowest index the next frame may have after an import

    /// <summary>The first accepted frame's intrinsics (null before it).</summary>
    public CameraIntrinsics? Intrinsics { get; private set; }

    /// <summary>Frames accepted so far (the next accepted frame's sequence number).</summary>
    public int Accepted { get; private set; }

    public double LastTimestamp { get; private set; } = double.NegativeInfinity;

    /// <summary>The frame with its index moved past an imported map's frames when the numbering restarted.</summary>
    public RgbdFrame Renumber(RgbdFrame frame)
    {
        if (firstIndexAfterImport is int lowest)
        {
            indexOffset = Math.Max(0, lowest - frame.Index);   // renumber only when the numbering restarted
            firstIndexAfterImport = null;
        }
        return indexOffset == 0 ? frame
            : new RgbdFrame(frame.Index + indexOffset, frame.Timestamp, frame.Rgb, frame.Depth, frame.Intrinsics, frame.GroundTruthPose);
    }

    /// <summary>Why <paramref name="frame"/> must be rejected, or null when it may be tracked.</summary>
    public string? Check(RgbdFrame frame)
    {
        if (Intrinsics is not null && !frame.Intrinsics.Equals(Intrinsics))
            return $"intrinsics {frame.Intrinsics} differ from the first frame's {Intrinsics}";
        if (!(frame.Timestamp > LastTimestamp) && Accepted > 0)
            return $"timestamp {frame.Timestamp:F6} is not after the previous frame's {LastTimestamp:F6}";
        int valid = frame.ValidDepthCount();
        int needed = Math.Max(16, frame.Depth.Length / 100);
        if (valid < needed) return $"only {valid} pixels with valid depth (need {needed})";
        return null;
    }

    /// <summary>Records a checked frame as accepted; returns its sequence number (0 for the first frame of a map).</summary>
    public int Accept(RgbdFrame frame)
    {
        Intrinsics ??= frame.Intrinsics;
        LastTimestamp = frame.Timestamp;
        return Accepted++;
    }

    /// <summary>Forgets everything: the next frame is a first frame.</summary>
    public void Reset() => Restore(null, 0, double.NegativeInfinity, null);

    /// <summary>Goes on from an imported map: its intrinsics and counters; the next frame's index must be at least
    /// <paramref name="firstIndex"/> (frames numbered from 0 again are moved there).</summary>
    public void Restore(CameraIntrinsics? intrinsics, int accepted, double lastTimestamp, int? firstIndex)
    {
        Intrinsics = intrinsics;
        Accepted = accepted;
        LastTimestamp = lastTimestamp;
        indexOffset = 0;
        firstIndexAfterImport = firstIndex;
    }
}
