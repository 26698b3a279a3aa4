using System.Runtime.InteropServices;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Tracking;
using static TorchSharp.torch;

namespace NiceSlam.Core.Slam;

/// <summary>
/// The engine's tracking side: lets frames through the <see cref="FrameGate"/>, tracks them against the latest
/// published map, keeps the trajectory and publishes it as a <see cref="TrajectorySnapshot"/> after every change.
/// Called by one thread at a time (the tracking worker); reads the map only through leased snapshots.
/// </summary>
internal sealed class TrackingSide(SlamOptions options, Tracker tracker, Device device, SlamCounters counters) : IDisposable
{
    private readonly FrameGate gate = new();
    private readonly TrajectoryStore trajectory = new();
    private bool anchoredToGroundTruth;
    private MappingRequest? unmapped;      // the newest tracked frame not handed to mapping (mapped by Finish)
    private TrajectorySnapshot published = TrajectorySnapshot.Empty;
    private readonly Dictionary<int, List<int>> restingOn = [];                 // tracking keyframe -> frames tracked against it
    private readonly Dictionary<int, RigidTransform> pendingCorrections = [];    // frame -> world correction not yet sent to mapping

    public TrajectorySnapshot Published => Volatile.Read(ref published);

    /// <summary>The odometry front ends track without a map (odometry alone until the first map is published).</summary>
    private bool NeedsMap => !tracker.UsesOdometry;

    public TrackStep Track(RgbdFrame input, Func<MapLease?> acquireMap, bool refine = true)
    {
        var frame = gate.Renumber(input);
        if (gate.Check(frame) is { } reason)
        {
            counters.AddRejected();
            return new TrackStep(new FrameReport(frame.Index, frame.Timestamp, null, null, null, reason), null);
        }
        if (gate.Accepted == 0) return Start(frame);
        using var lease = acquireMap();
        if (lease is null && NeedsMap)
            throw new InvalidOperationException($"frame {frame.Index}: no map to track against yet (the first frame's mapping call has not finished)");
        var tensors = new FrameTensors(frame, device, options.Tracking.IgnoreEdge);
        int sequence = gate.Accept(frame);
        var (previous, beforePrevious) = trajectory.LastTwo();
        // Directions a frame's odometry could not measure keep this prediction exactly (RgbdOdometry), so along them
        // the camera keeps its last measured velocity: no feedback, and no lag behind a camera that keeps moving.
        var initial = Tracker.Predict(beforePrevious, previous, options.Tracking.ConstantVelocity);
        var result = LostOnLibTorchFailure(() => tracker.Track(lease?.Snapshot.Map, tensors, initial, refine), initial);
        if (result.Lost)
        {
            // Nothing agreed (no pixel to compare with the map, or odometry and recovery failed): hold the previous
            // pose rather than extrapolate a motion nobody measured, unless an alignment missed only the inlier gate
            // and narrowly (a blurred frame in a fast turn): its pose follows the camera. The frame is not mapped.
            result = result with { Pose = result.LostEstimate ?? previous };
            counters.AddLost();
        }
        counters.AddTracked(result.Milliseconds, result.Iterations);
        if (!result.Lost)
        {
            Correct(result.Corrections);
            counters.AddPoseGraph(result.Corrections.Count > 0, result.LoopClosures);
            RestOn(result.Keyframe ? frame.Index : result.ReferenceFrame, frame.Index);
        }
        trajectory.Append(new PoseEstimate(frame.Index, frame.Timestamp, result.Pose));
        Publish();
        var report = new FrameReport(frame.Index, frame.Timestamp, result.Pose, result, null);
        if (result.Lost)
        {
            tensors.Dispose();
            return new TrackStep(report, null);
        }
        DiscardUnmapped();
        var request = new MappingRequest(tensors, result.Pose, sequence % options.Mapping.Every == 0 ? MappingKind.Regular : MappingKind.Final);
        if (request.Kind == MappingKind.Regular) return new TrackStep(report, request.WithCorrections(TakeCorrections()));
        unmapped = request;             // kept in case it is the last frame (the reference maps the last frame)
        return new TrackStep(report, null);
    }

    /// <summary>
    /// A tracking step, or a lost frame when libtorch fails inside it (an <see cref="ExternalException"/>: a kernel's own
    /// check; TorchSharp's scalar race is closed at build time, see <see cref="Compute.HeldScalars"/>): one frame
    /// is lost (the pose held, the frame counted lost with the error as its reason, not mapped), not the node. Any
    /// other exception is a bug and propagates.
    /// </summary>
    internal static TrackingResult LostOnLibTorchFailure(Func<TrackingResult> step, RigidTransform initial)
    {
        try
        {
            return step();
        }
        catch (ExternalException e)
        {
            return new TrackingResult(initial, double.NaN, double.NaN, 0, 0, 0)
            {
                Outcome = TrackingOutcome.Lost,
                LostReason = $"libtorch failed in the tracking step: {Compute.LibTorchFailure.FirstLine(e)}",
                LibTorchFailed = true,
            };
        }
    }

    /// <summary>The first frame of a map: it takes its given pose and is mapped first.</summary>
    private TrackStep Start(RgbdFrame frame)
    {
        var tensors = new FrameTensors(frame, device, options.Tracking.IgnoreEdge);
        gate.Accept(frame);
        anchoredToGroundTruth = frame.GroundTruthPose is not null;
        var pose = frame.GroundTruthPose ?? RigidTransform.Identity;
        tracker.Anchor(tensors, pose);                                   // the odometry's first reference
        ClearCorrections();
        RestOn(frame.Index, frame.Index);
        var bounds = options.Map.Bounds ?? SceneBoundsEstimator.Estimate([(frame, pose)], options.Map.AutoBoundsMargin, sensorReach: options.Map.AutoBoundsSensorReach || !options.Map.Grow);
        trajectory.Append(new PoseEstimate(frame.Index, frame.Timestamp, pose));
        Publish();
        return new TrackStep(new FrameReport(frame.Index, frame.Timestamp, pose, null, null),
            new MappingRequest(tensors, pose, MappingKind.First, bounds, anchoredToGroundTruth, trackingWaits: NeedsMap));
    }

    public void Apply(MappingOutcome outcome)
    {
        if (outcome.RefinedPoses.Count == 0 || !options.Keyframes.BundleAdjustmentMovesTrajectory) return;
        trajectory.Refine(outcome.RefinedPoses);
        Publish();
    }

    public MappingRequest? Finish()
    {
        if (unmapped is not { } last) return null;
        unmapped = null;
        return last.WithPose(trajectory.PoseOf(last.FrameIndex) ?? last.Pose).WithCorrections(TakeCorrections());
    }

    /// <summary>Moves every frame tracked against a keyframe the pose graph moved, with it.</summary>
    private void Correct(IReadOnlyList<KeyframeCorrection> corrections)
    {
        if (corrections.Count == 0) return;
        var moved = new List<(int, RigidTransform)>();
        foreach (var c in corrections)
        {
            if (!restingOn.TryGetValue(c.FrameIndex, out var frames)) continue;
            var world = c.World;
            foreach (int f in frames)
            {
                if (trajectory.PoseOf(f) is not { } pose) continue;
                moved.Add((f, Se3.Orthonormalised(world * pose)));
                pendingCorrections[f] = pendingCorrections.TryGetValue(f, out var earlier) ? world * earlier : world;
            }
        }
        trajectory.Refine(moved);
    }

    private void RestOn(int keyframe, int frameIndex)
    {
        if (keyframe < 0) return;
        if (!restingOn.TryGetValue(keyframe, out var frames)) restingOn[keyframe] = frames = [];
        frames.Add(frameIndex);
    }

    private Dictionary<int, RigidTransform> TakeCorrections()
    {
        var taken = new Dictionary<int, RigidTransform>(pendingCorrections);
        pendingCorrections.Clear();
        return taken;
    }

    /// <summary>Goes on from an imported state: its trajectory, counters and world frame.</summary>
    public void Restore(SlamState state)
    {
        DiscardUnmapped();
        ClearCorrections();
        trajectory.Replace(state.Trajectory);
        int lastIndex = Math.Max(state.Trajectory.Count == 0 ? -1 : state.Trajectory.Max(p => p.FrameIndex),
            state.Keyframes.Count == 0 ? -1 : state.Keyframes.Max(k => k.FrameIndex));
        gate.Restore(state.Intrinsics, state.AcceptedFrames, state.LastTimestamp, lastIndex + 1);
        anchoredToGroundTruth = state.AnchoredToGroundTruth;
        // The odometry's references belonged to the old map: the imported map's newest keyframe is the first one.
        if (state.Keyframes.Count > 0)
        {
            var k = state.Keyframes[^1];
            using var newest = FrameTensors.FromValues(k.FrameIndex, k.Timestamp, k.Intrinsics, k.IgnoredEdge, k.Depth, k.Color, device);
            tracker.Anchor(newest, k.Pose);
        }
        else tracker.Reset();
        Publish();
    }

    public void Reset()
    {
        DiscardUnmapped();
        ClearCorrections();
        trajectory.Replace([]);
        gate.Reset();
        tracker.Reset();
        anchoredToGroundTruth = false;
        Publish();
    }

    private void ClearCorrections()
    {
        restingOn.Clear();
        pendingCorrections.Clear();
    }

    public void DiscardUnmapped()
    {
        unmapped?.Dispose();
        unmapped = null;
    }

    public void Dispose()
    {
        DiscardUnmapped();
        tracker.Dispose();
    }

    private void Publish() =>
        Volatile.Write(ref published, new TrajectorySnapshot(trajectory.Poses, gate.Intrinsics, gate.Accepted, gate.LastTimestamp, anchoredToGroundTruth));
}
