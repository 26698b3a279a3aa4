namespace NiceSlam.Node.Sources;

/// <summary>
/// A recording the node replays onto its own topics (a dataset folder, the synthetic sequence, a rosbag2 bag), so
/// that recorded data goes through exactly the synchronisation and pipeline live camera topics do.
/// </summary>
public interface IRecordedSource : IDisposable
{
    string Name { get; }

    /// <summary>Colour frames in the recording (for progress), when known.</summary>
    int? FrameCount { get; }

    /// <summary>The frames are computed as they are read (the synthetic camera renders them), which may be slower
    /// than real time on a loaded CPU: a paced replay prepares them before its clock starts.</summary>
    bool RendersFrames => false;

    /// <summary>The messages in recording order (non-decreasing stamps per topic).</summary>
    IEnumerable<RecordedMessage> Messages();
}
