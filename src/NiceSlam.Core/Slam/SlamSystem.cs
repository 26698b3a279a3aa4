using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Mapping;
using NiceSlam.Core.Meshing;
using NiceSlam.Core.Tracking;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Slam;

/// <summary>
/// The engine, synchronous and free of threads. It has two sides, each called by one thread at a time:
/// <list type="bullet">
/// <item>the <b>tracking side</b> — <see cref="Track"/> takes a frame through the <see cref="FrameGate"/>, tracks it
/// against the latest published map and says whether to map it now; <see cref="Apply"/> takes over the poses a
/// mapping call refined; <see cref="Finish"/> hands over the last frame at the end of the input. It owns the gate,
/// the tracker and the trajectory, and publishes a <see cref="TrajectorySnapshot"/> after every call;</item>
/// <item>the <b>mapping side</b> — <see cref="Map"/> optimises the map on a requested frame, decides whether it
/// becomes a keyframe (<see cref="KeyframePolicy"/>) and publishes a <see cref="MapSnapshot"/>. It owns the working
/// map, the mapper and the keyframes.</item>
/// </list>
/// The sides share nothing mutable, so a scheduler may run them at the same time (loose) or take turns (strict, the
/// reference's alternation: same input and seed, same result). Readers on any thread see only published, immutable
/// snapshots: <see cref="Trajectory"/>, <see cref="AcquireMap"/>, <see cref="ExportState"/>. <see cref="ImportState"/>
/// and <see cref="Reset"/> replace both sides' state and need both sides idle. The engine owns the decoders it is given.
/// </summary>
public sealed class SlamSystem : IDisposable
{
    private readonly SlamOptions options;
    private readonly Device device;
    private readonly NiceDecoders decoders;
    private readonly IReadOnlyList<ParameterState> initialDecoders;   // restored by Reset (the colour decoder trains)
    private readonly Generator trackerGenerator, mapperGenerator, mapGenerator;
    private int busy;                                                 // calls in progress on either side

    // Tracking side.
    private readonly Tracker tracker;
    private readonly FrameGate gate = new();
    private readonly TrajectoryStore trajectory = new();
    private bool anchoredToGroundTruth;
    private MappingRequest? unmapped;      // the newest tracked frame not handed to mapping (mapped by Finish)
    private TrajectorySnapshot published = TrajectorySnapshot.Empty;

    // Mapping side.
    private readonly Mapper mapper;
    private readonly KeyframePolicy keyframePolicy;
    private HierarchicalMap? map;          // the working map: its grids are the engine's, its decoders the engine's decoders
    private SharedResource<KeyframeStore> keyframes = NewKeyframeStore();
    private bool mapAnchoredToGroundTruth;
    private long mappingCalls;
    private readonly SnapshotSlot mapSnapshot = new();

    /// <param name="decoders">The decoders (geometry pretrained); the system owns them from now on.</param>
    public SlamSystem(SlamOptions options, NiceDecoders decoders, Device? device = null)
    {
        options.Validate();
        this.options = options.Clone();
        this.decoders = decoders;
        this.device = device ?? CPU;
        initialDecoders = SlamStateExchange.ParametersOf(decoders);
        trackerGenerator = new Generator((ulong)options.Seed);
        mapperGenerator = new Generator((ulong)options.Seed + 1);
        mapGenerator = new Generator((ulong)options.Seed + 2);
        tracker = new Tracker(this.options, trackerGenerator);
        mapper = new Mapper(this.options, mapperGenerator, new Random(options.Seed));
        keyframePolicy = new KeyframePolicy(this.options.KeyframeEvery);
    }

    public SlamOptions Options => options;
    public SlamCounters Counters { get; } = new();

    /// <summary>The trajectory as last published by the tracking side (immutable; any thread).</summary>
    public TrajectorySnapshot Trajectory => Volatile.Read(ref published);

    /// <summary>A lease on the latest published map (any thread); null before the first frame is mapped.</summary>
    public MapLease? AcquireMap() => mapSnapshot.Acquire();

    // ---- tracking side -----------------------------------------------------------------------------------------

    /// <summary>
    /// Takes one frame: rejects it with the reason (counted) if the gate refuses it; otherwise tracks it against the
    /// latest published map — the first frame of a map takes its given pose (ground truth when the source has it, else
    /// the identity) — and appends its pose. Returns a mapping request for the first frame and every
    /// <see cref="SlamOptions.MapEvery"/>-th frame; a frame nothing could be compared with (lost) keeps the previous
    /// pose and is not mapped.
    /// </summary>
    /// <exception cref="InvalidOperationException">A frame after the first comes before the first mapping call published a map.</exception>
    public TrackStep Track(RgbdFrame input)
    {
        using var _ = Enter();
        var frame = gate.Renumber(input);
        if (gate.Check(frame) is { } reason)
        {
            Counters.AddRejected();
            return new TrackStep(new FrameReport(frame.Index, frame.Timestamp, null, null, null, reason), null);
        }
        if (gate.Accepted == 0) return StartTrajectory(frame);
        using var lease = mapSnapshot.Acquire()
            ?? throw new InvalidOperationException($"frame {frame.Index}: no map to track against yet (the first frame's mapping call has not finished)");
        var tensors = new FrameTensors(frame, device, options.TrackingIgnoreEdge);
        int sequence = gate.Accept(frame);
        var (previous, beforePrevious) = trajectory.LastTwo();
        var initial = Tracker.Predict(beforePrevious, previous, options.ConstantVelocity);
        var result = tracker.Track(lease.Snapshot.Map, tensors, initial);
        if (result.Lost)
        {
            // Nothing to compare with: hold the previous pose rather than extrapolate a motion nobody measured.
            result = result with { Pose = previous };
            Counters.AddLost();
        }
        Counters.AddTracked(result.Milliseconds, result.Iterations);
        trajectory.Append(new PoseEstimate(frame.Index, frame.Timestamp, result.Pose));
        PublishTrajectory();
        var report = new FrameReport(frame.Index, frame.Timestamp, result.Pose, result, null);
        if (result.Lost)
        {
            tensors.Dispose();
            return new TrackStep(report, null);
        }
        unmapped?.Dispose();
        unmapped = null;
        var request = new MappingRequest(tensors, result.Pose, sequence % options.MapEvery == 0 ? MappingKind.Regular : MappingKind.Final);
        if (request.Kind == MappingKind.Regular) return new TrackStep(report, request);
        unmapped = request;             // kept in case it is the last frame (the reference maps the last frame)
        return new TrackStep(report, null);
    }

    /// <summary>The first frame of a map: it takes its given pose and is mapped first.</summary>
    private TrackStep StartTrajectory(RgbdFrame frame)
    {
        var tensors = new FrameTensors(frame, device, options.TrackingIgnoreEdge);
        gate.Accept(frame);
        anchoredToGroundTruth = frame.GroundTruthPose is not null;
        var pose = frame.GroundTruthPose ?? RigidTransform.Identity;
        var bounds = options.Bounds ?? SceneBoundsEstimator.Estimate([(frame, pose)], options.AutoBoundsMargin);
        trajectory.Append(new PoseEstimate(frame.Index, frame.Timestamp, pose));
        PublishTrajectory();
        return new TrackStep(new FrameReport(frame.Index, frame.Timestamp, pose, null, null),
            new MappingRequest(tensors, pose, MappingKind.First, bounds, anchoredToGroundTruth));
    }

    /// <summary>Takes over the poses a mapping call refined (bundle adjustment), before the next frame is tracked.</summary>
    public void Apply(MappingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.RefinedPoses.Count == 0) return;
        using var _ = Enter();
        trajectory.Refine(outcome.RefinedPoses);
        PublishTrajectory();
    }

    /// <summary>The input has ended: the last tracked frame, when no mapping call has taken it, as a
    /// <see cref="MappingKind.Final"/> request (null otherwise). The caller owns the request.</summary>
    public MappingRequest? Finish()
    {
        using var _ = Enter();
        if (unmapped is not { } last) return null;
        unmapped = null;
        return last.WithPose(trajectory.PoseOf(last.FrameIndex) ?? last.Pose);
    }

    private void PublishTrajectory() =>
        Volatile.Write(ref published, new TrajectorySnapshot(trajectory.Poses, gate.Intrinsics, gate.Accepted, gate.LastTimestamp, anchoredToGroundTruth));

    // ---- mapping side ------------------------------------------------------------------------------------------

    /// <summary>
    /// Maps the requested frame (a <see cref="MappingKind.First"/> request starts a new map), keeps it as a keyframe
    /// when the <see cref="KeyframePolicy"/> says so and publishes the map as a new <see cref="MapSnapshot"/>. Takes
    /// ownership of the request's frame.
    /// </summary>
    public MappingOutcome Map(MappingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var _ = Enter();
        bool first = request.Kind == MappingKind.First;
        if (first) StartMap(request.NewMapBounds!.Value, request.AnchoredToGroundTruth);
        if (map is null)
        {
            request.Dispose();
            throw new InvalidOperationException($"frame {request.FrameIndex}: there is no map to add it to (the first frame starts one)");
        }
        var frame = request.TakeFrame();
        try
        {
            var store = keyframes.Value;
            var (result, refined) = mapper.Map(map, store, frame, request.Pose, first);
            Counters.AddMapped(result.Milliseconds, result.Iterations);
            IReadOnlyList<(int, RigidTransform)> moved = result.BundleAdjusted
                ? [.. store.All.Select(k => (k.FrameIndex, k.Pose)), (frame.Index, refined)]
                : [];
            var report = new FrameReport(frame.Index, frame.Timestamp, refined, null, result);
            bool keyframe = keyframePolicy.Take(frame.Index, first, request.Kind == MappingKind.Final);
            if (keyframe)
            {
                store.Add(new Keyframe(frame, refined));
                frame = null;
                Counters.AddKeyframe();
            }
            PublishMap(request.FrameIndex, request.Timestamp);
            return new MappingOutcome(report, keyframe, moved);
        }
        finally
        {
            frame?.Dispose();
        }
    }

    private void StartMap(Bounds3 bounds, bool anchored)
    {
        map?.Dispose();
        map = HierarchicalMap.Create(bounds, options, decoders, mapGenerator, device);
        mapAnchoredToGroundTruth = anchored;
    }

    private void PublishMap(int frameIndex, double timestamp)
    {
        var views = keyframes.Value.All.Select(k => new CullingView(k.Frame, k.Pose)).ToList();
        var copy = mapSnapshot.TakeSpare();
        if (copy is not null && !copy.TryCopyValuesFrom(map!))
        {
            copy.Dispose();
            copy = null;
        }
        copy ??= map!.FrozenCopy();
        keyframes.TryRetain();       // always succeeds: the mapping side holds a reference; the snapshot's is released with it
        mapSnapshot.Publish(new MapSnapshot(copy, views, keyframes.Handle(), ++mappingCalls, frameIndex, timestamp, mapAnchoredToGroundTruth));
    }

    private static SharedResource<KeyframeStore> NewKeyframeStore(KeyframeStore? store = null) => new(store ?? new KeyframeStore(), s => s.Dispose());

    // ---- both sides idle ---------------------------------------------------------------------------------------

    /// <summary>
    /// The engine's state as plain data, from the published snapshots (consistent, and safe while both sides run;
    /// the trajectory may be a few frames ahead of the map).
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing is mapped yet.</exception>
    public SlamState ExportState()
    {
        using var lease = AcquireMap() ?? throw new InvalidOperationException("nothing to save: there is a map only once the first frame has been mapped");
        return SlamStateExchange.Export(options, lease.Snapshot, Trajectory);
    }

    /// <summary>
    /// Replaces the map, the keyframes, the trajectory, the intrinsics and the frame counters with
    /// <paramref name="state"/>; the next frame is tracked against the imported map (its timestamp must be after
    /// <see cref="SlamState.LastTimestamp"/>; frames numbered from 0 again are moved after the imported ones).
    /// Everything is checked and built before anything changes, so a refused state leaves the system as it was. The
    /// system keeps its own options. Both sides must be idle.
    /// </summary>
    /// <exception cref="ArgumentException">The state is inconsistent, or its decoders differ in parameter names or
    /// shapes from this system's.</exception>
    /// <exception cref="InvalidOperationException">A call on either side is in progress.</exception>
    public void ImportState(SlamState state)
    {
        using var _ = EnterExclusive("load a map");
        using var imported = SlamStateExchange.Build(state, decoders, device);
        var (newMap, newKeyframes) = imported.Commit(decoders);
        map?.Dispose();
        map = newMap;
        keyframes.Release();
        keyframes = NewKeyframeStore(newKeyframes);
        mapAnchoredToGroundTruth = state.AnchoredToGroundTruth;
        keyframePolicy.Restore(state.Keyframes.Count == 0 ? null : state.Keyframes.Max(k => k.FrameIndex));
        PublishMap(state.Keyframes.Count == 0 ? -1 : state.Keyframes[^1].FrameIndex, state.LastTimestamp);

        unmapped?.Dispose();
        unmapped = null;
        trajectory.Replace(state.Trajectory);
        int lastIndex = Math.Max(state.Trajectory.Count == 0 ? -1 : state.Trajectory.Max(p => p.FrameIndex),
            state.Keyframes.Count == 0 ? -1 : state.Keyframes.Max(k => k.FrameIndex));
        gate.Restore(state.Intrinsics, state.AcceptedFrames, state.LastTimestamp, lastIndex + 1);
        anchoredToGroundTruth = state.AnchoredToGroundTruth;
        PublishTrajectory();
    }

    /// <summary>
    /// Forgets the map, its keyframes and the trajectory, and restores the decoders to their values when the system
    /// was made; the next frame starts a new map (first-frame pose and schedule, bounds from the options or from that
    /// frame). Counters keep counting. Both sides must be idle.
    /// </summary>
    /// <exception cref="InvalidOperationException">A call on either side is in progress.</exception>
    public void Reset()
    {
        using var _ = EnterExclusive("reset");
        mapSnapshot.Publish(null);
        map?.Dispose();
        map = null;
        keyframes.Release();
        keyframes = NewKeyframeStore();
        keyframePolicy.Restore(null);
        mapAnchoredToGroundTruth = false;
        SlamStateExchange.CopyInto(decoders, initialDecoders);

        unmapped?.Dispose();
        unmapped = null;
        trajectory.Replace([]);
        gate.Reset();
        anchoredToGroundTruth = false;
        PublishTrajectory();
    }

    /// <summary>Counts a call in progress (ImportState and Reset refuse to run meanwhile).</summary>
    private CallScope Enter()
    {
        Interlocked.Increment(ref busy);
        return new CallScope(this);
    }

    private CallScope EnterExclusive(string what)
    {
        if (Interlocked.CompareExchange(ref busy, 1, 0) != 0)
            throw new InvalidOperationException($"cannot {what} while tracking or mapping is in progress: run it with both sides idle");
        return new CallScope(this);
    }

    private readonly struct CallScope(SlamSystem system) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref system.busy);
    }

    public void Dispose()
    {
        unmapped?.Dispose();
        mapSnapshot.Dispose();
        map?.Dispose();
        keyframes.Release();
        decoders.Dispose();
        trackerGenerator.Dispose();
        mapperGenerator.Dispose();
        mapGenerator.Dispose();
    }
}
