using NiceSlam.Core.Frames;
using NiceSlam.Core.Slam;

namespace NiceSlam.Tests;

/// <summary>
/// Drives a <see cref="SlamSystem"/> in the reference's strict alternation on the calling thread — what the node's
/// workers do with <see cref="SyncMode.Strict"/>, without threads: track a frame, map it now when asked, take over
/// the refined poses, and map the last frame at the end.
/// </summary>
internal static class StrictDriver
{
    /// <returns>Every report, in the order the engine made them.</returns>
    public static List<FrameReport> Run(SlamSystem system, IEnumerable<RgbdFrame> frames, Action<MappingOutcome>? onMapped = null)
    {
        var reports = new List<FrameReport>();
        void Map(MappingRequest request)
        {
            var outcome = system.Map(request);
            reports.Add(outcome.Report);
            onMapped?.Invoke(outcome);
            system.Apply(outcome);
        }
        foreach (var frame in frames)
        {
            var step = system.Track(frame);
            reports.Add(step.Report);
            if (step.Mapping is { } request) Map(request);
        }
        if (system.Finish() is { } final) Map(final);
        return reports;
    }
}
