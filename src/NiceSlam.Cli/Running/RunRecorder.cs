using NiceSlam.Cli.Commands;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Slam;
using NiceSlam.Data.Images;
using NiceSlam.Data.Trajectories;
using NiceSlam.Node.Input;
using NiceSlam.Node.Workers;

namespace NiceSlam.Cli.Running;

/// <summary>
/// What an offline run keeps while the node runs: the ground-truth pose of every frame the tracking worker takes,
/// the first frame's processed intrinsics and a preview of it (as an <see cref="IFrameObserver"/>), and from the
/// workers' reports the progress line and the engine's rejections.
/// </summary>
internal sealed class RunRecorder(string outDir, int frames) : IFrameObserver
{
    private readonly object gate = new();
    private readonly List<StampedPose> groundTruth = [];
    private readonly List<string> rejections = [];
    private readonly ConsoleProgress progress = new(frames);
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly List<string> lost = [];
    private int seen, rejected, tracked, recovered, lostCount;
    private double odometryMs, refinementMs;

    /// <summary>The input's last step (whether it undistorts), once the node is built.</summary>
    public FramePreparation? Preparation { get; set; }

    public CameraIntrinsics? ProcessedIntrinsics { get; private set; }

    public IReadOnlyList<StampedPose> GroundTruth { get { lock (gate) return [.. groundTruth]; } }

    /// <summary>The engine's rejections with their reasons (the first 20).</summary>
    public IReadOnlyList<string> Rejections { get { lock (gate) return [.. rejections]; } }

    public int Seen { get { lock (gate) return seen; } }

    public int Rejected { get { lock (gate) return rejected; } }

    /// <summary>Frames the tracker recovered (re-tracked from a keyframe) and the lost ones with their reasons (the first 50).</summary>
    public int Recovered { get { lock (gate) return recovered; } }

    public IReadOnlyList<string> LostFrames { get { lock (gate) return [.. lost]; } }

    /// <summary>Mean odometry and rendering (refinement) time per tracked frame, ms.</summary>
    public (double Odometry, double Rendering) TrackingSplitMs
    {
        get { lock (gate) return tracked == 0 ? (0, 0) : (odometryMs / tracked, refinementMs / tracked); }
    }

    public void OnFrame(RgbdFrame frame)
    {
        if (ProcessedIntrinsics is null)
        {
            ProcessedIntrinsics = frame.Intrinsics;
            Console.WriteLine($"frames at {frame.Intrinsics}{(Preparation?.Undistorts == true ? " (undistorted)" : "")}");
            if (FramePreview.TrySave(Path.Combine(outDir, "frame0_preview.png"), frame) is { } why)
                Console.WriteLine($"frame0_preview.png skipped: {why}");
        }
        if (frame.GroundTruthPose is { } truth)
            lock (gate) groundTruth.Add(new StampedPose(frame.Timestamp, truth));
    }

    /// <summary>Shows progress from <paramref name="reports"/> until the stream ends.</summary>
    public async Task FollowAsync(System.Threading.Channels.ChannelReader<FrameReport> reports)
    {
        double lastTrackMs = 0, lastMapMs = 0, lastLoss = double.NaN, lastInliers = double.NaN;
        await foreach (var report in reports.ReadAllAsync().ConfigureAwait(false))
        {
            if (report.Mapping is { } m)
            {
                lastMapMs = m.Milliseconds;
                continue;
            }
            int done, lostSoFar;
            lock (gate)
            {
                done = ++seen;
                if (report.Rejection is { } why)
                {
                    rejected++;
                    if (rejections.Count < 20) rejections.Add($"frame {report.FrameIndex}: {why}");
                }
                if (report.Tracking is { } t)
                {
                    (lastTrackMs, lastLoss, lastInliers) = (t.Milliseconds, t.BestLoss, t.InlierShare);
                    tracked++;
                    odometryMs += t.OdometryMilliseconds;
                    refinementMs += t.Milliseconds - t.OdometryMilliseconds;
                    if (t.Recovered) recovered++;
                    if (t.Lost)
                    {
                        lostCount++;
                        if (lost.Count < 50) lost.Add($"frame {report.FrameIndex}: {t.LostReason}");
                    }
                }
                lostSoFar = lostCount;
            }
            // The rendering loss when the front end rendered; the odometry's inlier share when it did not.
            string fit = double.IsFinite(lastLoss) ? $"loss {lastLoss:0.000}, " : double.IsFinite(lastInliers) ? $"inliers {lastInliers * 100:0} %, " : "";
            progress.Report(done, $"track {lastTrackMs:0} ms, map {lastMapMs:0} ms, {fit}{clock.Elapsed.TotalSeconds / done:0.00} s/frame"
                + (lostSoFar > 0 ? $", {lostSoFar} lost" : ""));
        }
    }

    /// <summary>Ends the progress line early (interrupted runs).</summary>
    public void Break() => progress.Break();
}
