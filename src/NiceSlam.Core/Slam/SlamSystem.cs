using System.Threading.Channels;
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
/// The engine: a tracking loop and a mapping loop sharing the map. The mapper owns and writes the map; after each
/// mapping call it publishes a copy (the snapshot) under a lock, and the tracker reads only that snapshot, so it
/// always sees a consistent map. <see cref="SyncMode.Strict"/> waits for each mapping call before tracking the
/// next frame (the reference's alternation; deterministic); <see cref="SyncMode.Loose"/> lets tracking run on while
/// the mapper works on the newest mapping frame (older pending requests are superseded). The first frame takes its
/// given pose (ground truth when the source has it, else identity) and is mapped with the first-frame schedule
/// before anything is tracked. Bad frames are rejected with a reason and counted, never fatal.
/// </summary>
public sealed partial class SlamSystem : IDisposable
{
    private readonly SlamOptions options;
    private readonly Device device;
    private readonly NiceDecoders decoders;
    private readonly Tracker tracker;
    private readonly Mapper mapper;
    private readonly Generator trackerGenerator, mapperGenerator, mapGenerator;
    private readonly object snapshotGate = new();
    private readonly object trajectoryGate = new();
    private readonly List<PoseEstimate> trajectory = [];
    private readonly Dictionary<int, int> trajectoryIndex = [];
    private HierarchicalMap? map, snapshot;
    private CameraIntrinsics? intrinsics;
    private double lastTimestamp = double.NegativeInfinity;
    private int accepted;
    private int lastKeyframeSequence = int.MinValue;
    private volatile Exception? mappingFailure;
    private Channel<MappingRequest> requests;
    private readonly Channel<ExclusiveCommand> commands = Channel.CreateUnbounded<ExclusiveCommand>();
    private readonly object commandGate = new();
    private int trackingRunning;
    private volatile bool exclusive;      // an exclusive command runs on the tracking thread with both loops idle
    private int indexOffset;              // added to incoming frame indices after a map import (indices stay unique)
    private int? firstIndexAfterImport;   // the lowest index the next frame may have after an import
    private Task<bool>? commandWait;      // the tracking loop's outstanding wait for an exclusive command

    public SlamSystem(SlamOptions options, NiceDecoders decoders, Device? device = null)
    {
        options.Validate();
        this.options = options.Clone();
        this.decoders = decoders;
        this.device = device ?? CPU;
        trackerGenerator = new Generator((ulong)options.Seed);
        mapperGenerator = new Generator((ulong)options.Seed + 1);
        mapGenerator = new Generator((ulong)options.Seed + 2);
        tracker = new Tracker(this.options, trackerGenerator);
        mapper = new Mapper(this.options, mapperGenerator, new Random(options.Seed));
        requests = CreateRequestChannel();
    }

    public SlamOptions Options => options;
    public SlamCounters Counters { get; } = new();
    public KeyframeStore Keyframes { get; } = new();

    /// <summary>True when the first frame took its ground-truth pose, so the world frame is the recording's world;
    /// false when it started at the identity, so the world frame is the first camera's optical frame.</summary>
    public bool AnchoredToGroundTruth { get; private set; }

    /// <summary>The map's bounds once the first frame has been mapped.</summary>
    public Bounds3? Bounds => map?.Bounds;

    /// <summary>The estimated trajectory so far (a copy), in frame order; keyframe poses include bundle adjustment.</summary>
    public IReadOnlyList<PoseEstimate> Trajectory
    {
        get { lock (trajectoryGate) return [.. trajectory]; }
    }

    /// <summary>Runs <paramref name="action"/> on the published map snapshot under its lock (e.g. meshing while
    /// the loops run). Returns default when nothing is mapped yet.</summary>
    public T? ReadMap<T>(Func<HierarchicalMap, T> action)
    {
        lock (snapshotGate) return snapshot is null ? default : action(snapshot);
    }

    /// <summary>A copy of the published map with the keyframe views and the trajectory, taken under the snapshot
    /// lock (a short copy) so that meshing, point clouds and occupancy grids run on it without holding up the
    /// loops; null before the first frame is mapped.</summary>
    public MapCapture? Capture()
    {
        lock (snapshotGate)
        {
            if (snapshot is null) return null;
            var views = Keyframes.All.Select(k => new CullingView(k.Frame.Clone(), k.Pose)).ToList();
            return new MapCapture(snapshot.Clone(), views, Trajectory, Keyframes.Count);
        }
    }

    /// <summary>The surface as a coloured, culled mesh of the published map (its vertices are the point cloud the
    /// node publishes); null before the first frame is mapped. Safe while the loops run.</summary>
    public TriangleMesh? ExtractMesh(double? voxel = null)
    {
        using var capture = Capture();
        return capture?.ExtractMesh(voxel ?? options.MeshVoxel, options.MeshCullDepthMargin);
    }

    /// <summary>
    /// Runs both loops over <paramref name="frames"/> until the reader completes or <paramref name="cancellation"/>
    /// fires; what was estimated stays available either way. <paramref name="onFrame"/> is called from the
    /// tracking loop for every frame (tracked or rejected) and from the mapping loop for every mapping call.
    /// </summary>
    public async Task RunAsync(ChannelReader<RgbdFrame> frames, Action<FrameReport>? onFrame, CancellationToken cancellation)
    {
        if (requests.Reader.Completion.IsCompleted) requests = CreateRequestChannel();   // a second run on the same system
        var mapping = RunMappingAsync(onFrame, cancellation);
        try
        {
            await RunTrackingAsync(frames, onFrame, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested) { }
        finally
        {
            try { await mapping.ConfigureAwait(false); }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested) { }
        }
    }

    /// <summary>
    /// The tracking loop on its own thread (the node hosts it as one background service and
    /// <see cref="RunMappingAsync"/> as another): tracks every frame of <paramref name="frames"/>, hands mapping
    /// frames to the mapping loop, runs <see cref="ExecuteExclusiveAsync{T}"/> commands between frames, and tells
    /// the mapping loop to finish when the frames end or <paramref name="cancellation"/> fires.
    /// </summary>
    public Task RunTrackingAsync(ChannelReader<RgbdFrame> frames, Action<FrameReport>? onFrame, CancellationToken cancellation) =>
        Task.Factory.StartNew(() =>
        {
            if (Interlocked.Exchange(ref trackingRunning, 1) == 1) throw new InvalidOperationException("the tracking loop is already running");
            using var run = EnterRun();   // ImportState and Reset are refused while the loops run (except as exclusive commands)
            commandWait = null;           // a wait left by an earlier run carries that run's cancellation
            try { TrackingLoop(frames, requests.Writer, onFrame, cancellation); }
            finally
            {
                requests.Writer.TryComplete();
                Volatile.Write(ref trackingRunning, 0);
                FailPendingCommands();
            }
        }, cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The mapping loop on its own thread: maps what the tracking loop hands over until that loop ends.
    /// The mapping call in progress when <paramref name="cancellation"/> fires is finished (the map stays
    /// consistent); requests still queued are skipped.</summary>
    public Task RunMappingAsync(Action<FrameReport>? onFrame, CancellationToken cancellation) =>
        Task.Factory.StartNew(() => MappingLoop(requests.Reader, onFrame, cancellation), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>True while the tracking loop runs.</summary>
    public bool IsRunning => Volatile.Read(ref trackingRunning) == 1;

    /// <summary>
    /// Runs <paramref name="action"/> with both loops idle (no frame being tracked, no mapping call in progress):
    /// between two frames when the loops run, at once when they do not. For map services (load, reset) that
    /// replace the engine's state.
    /// </summary>
    public Task<T> ExecuteExclusiveAsync<T>(Func<T> action)
    {
        var command = new ExclusiveCommand(() => action()!);
        lock (commandGate)
        {
            if (!IsRunning) command.Run();
            else commands.Writer.TryWrite(command);
        }
        return Typed(command.Result.Task);

        static async Task<T> Typed(Task<object> result) => (T)await result.ConfigureAwait(false);
    }

    private sealed class ExclusiveCommand(Func<object> action)
    {
        public TaskCompletionSource<object> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run()
        {
            try { Result.TrySetResult(action()); }
            catch (Exception e) { Result.TrySetException(e); }
        }
    }

    private void FailPendingCommands()
    {
        lock (commandGate)
            while (commands.Reader.TryRead(out var c)) c.Run();   // the loops have stopped: run them now
    }

    /// <summary>Convenience: runs the loops over a sequence of frames (read on a separate task, two frames ahead).</summary>
    public async Task RunAsync(IEnumerable<RgbdFrame> frames, Action<FrameReport>? onFrame, CancellationToken cancellation)
    {
        var channel = Channel.CreateBounded<RgbdFrame>(2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var f in frames)
                {
                    if (stop.IsCancellationRequested) break;
                    await channel.Writer.WriteAsync(f, stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) { }
            finally { channel.Writer.TryComplete(); }
        }, CancellationToken.None);
        try
        {
            await RunAsync(channel.Reader, onFrame, cancellation).ConfigureAwait(false);
        }
        finally
        {
            stop.Cancel();          // the loops ended (done, cancelled or failed): the reader must not wait on them
            await producer.ConfigureAwait(false);
        }
    }

    private sealed record MappingRequest(FrameTensors? Frame, RigidTransform Pose, bool First, bool Final, TaskCompletionSource Done)
    {
        /// <summary>No frame: the mapping loop only confirms it has finished everything before it.</summary>
        public bool Barrier => Frame is null;
    }

    private Channel<MappingRequest> CreateRequestChannel() => options.Sync == SyncMode.Strict
        ? Channel.CreateUnbounded<MappingRequest>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true })
        : Channel.CreateBounded<MappingRequest>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            dropped => { Counters.AddDroppedRequest(); dropped.Frame?.Dispose(); dropped.Done.TrySetResult(); });

    /// <summary>Waits until the tracking loop has a frame or a command (false: the frames ended).</summary>
    /// <remarks>The wait for a command is kept across calls until a command comes (a new wait per frame would
    /// leave one registered waiter behind on the command channel for every frame).</remarks>
    private bool WaitForWork(ChannelReader<RgbdFrame> frames, CancellationToken cancellation)
    {
        if (commands.Reader.TryPeek(out _)) return true;
        var frame = frames.WaitToReadAsync(cancellation);
        if (frame.IsCompleted) return frame.GetAwaiter().GetResult() || commands.Reader.TryPeek(out _);
        var frameTask = frame.AsTask();
        commandWait ??= commands.Reader.WaitToReadAsync(cancellation).AsTask();
        Task.WaitAny([frameTask, commandWait], CancellationToken.None);
        if (frameTask.IsCompleted) return frameTask.GetAwaiter().GetResult() || commands.Reader.TryPeek(out _);
        var command = commandWait;
        commandWait = null;
        command.GetAwaiter().GetResult();
        return true;
    }

    private void TrackingLoop(ChannelReader<RgbdFrame> frames, ChannelWriter<MappingRequest> requests, Action<FrameReport>? onFrame, CancellationToken cancellation)
    {
        MappingRequest? lastUnmapped = null;   // the newest tracked frame that was not mapped (mapped at the end)
        while (WaitForWork(frames, cancellation))
        {
            while (commands.Reader.TryRead(out var command))
            {
                // Both loops idle: the mapper has finished everything handed to it before this point.
                Submit(requests, new MappingRequest(null, RigidTransform.Identity, false, false, new TaskCompletionSource()), wait: true);
                lastUnmapped?.Frame!.Dispose();
                lastUnmapped = null;
                exclusive = true;
                try { command.Run(); }
                finally { exclusive = false; }
            }
            while (frames.TryRead(out var frame))
            {
                cancellation.ThrowIfCancellationRequested();
                if (firstIndexAfterImport is int lowest)
                {
                    indexOffset = Math.Max(0, lowest - frame.Index);   // renumber only when the numbering restarted
                    firstIndexAfterImport = null;
                }
                if (indexOffset != 0)
                    frame = new RgbdFrame(frame.Index + indexOffset, frame.Timestamp, frame.Rgb, frame.Depth, frame.Intrinsics, frame.GroundTruthPose);
                if (mappingFailure is { } failure) throw new InvalidOperationException($"the mapping loop failed: {failure.Message}", failure);
                if (Validate(frame) is { } reason)
                {
                    Counters.AddRejected();
                    onFrame?.Invoke(new FrameReport(frame.Index, frame.Timestamp, null, null, null, reason));
                    continue;
                }
                var tensors = new FrameTensors(frame, device, options.TrackingIgnoreEdge);
                int sequence = accepted++;
                lastTimestamp = frame.Timestamp;
                if (sequence == 0)
                {
                    intrinsics = frame.Intrinsics;
                    AnchoredToGroundTruth = frame.GroundTruthPose is not null;
                    var pose = frame.GroundTruthPose ?? RigidTransform.Identity;
                    InitialiseMap(frame, pose);
                    tracker.Anchor(tensors, pose);                   // [tracking] the first reference of the odometry
                    Append(new PoseEstimate(frame.Index, frame.Timestamp, pose));
                    onFrame?.Invoke(new FrameReport(frame.Index, frame.Timestamp, pose, null, null));
                    Submit(requests, new MappingRequest(tensors, pose, true, false, new TaskCompletionSource()), wait: true);
                    continue;
                }
                var (previous, beforePrevious) = LastTwoPoses();
                var initial = Tracker.Predict(beforePrevious, previous, options.ConstantVelocity);
                TrackingResult result;
                lock (snapshotGate) result = tracker.Track(snapshot!, tensors, initial, Keyframes.All);   // [tracking] map keyframes seed the odometry after an import
                if (result.Lost)
                {
                    // Nothing agreed (no pixel to compare with the map, or odometry and recovery failed): hold the
                    // previous pose rather than extrapolate a motion nobody measured; the frame is not mapped.
                    result = result with { Pose = previous };
                    Counters.AddLost();
                }
                Counters.AddTracked(result.Milliseconds, result.Iterations);
                Append(new PoseEstimate(frame.Index, frame.Timestamp, result.Pose));
                onFrame?.Invoke(new FrameReport(frame.Index, frame.Timestamp, result.Pose, result, null));
                if (sequence % options.MapEvery == 0 && !result.Lost)
                {
                    lastUnmapped?.Frame!.Dispose();
                    lastUnmapped = null;
                    Submit(requests, new MappingRequest(tensors, result.Pose, false, false, new TaskCompletionSource()), wait: options.Sync == SyncMode.Strict);
                }
                else if (!result.Lost)
                {
                    lastUnmapped?.Frame!.Dispose();
                    lastUnmapped = new MappingRequest(tensors, result.Pose, false, true, new TaskCompletionSource());
                }
                else tensors.Dispose();
                if (commands.Reader.TryPeek(out _)) break;
            }
        }
        // The reference maps the last frame and keeps it as a keyframe.
        if (lastUnmapped is not null)
        {
            var pose = PoseOf(lastUnmapped.Frame!.Index) ?? lastUnmapped.Pose;
            Submit(requests, lastUnmapped with { Pose = pose }, wait: true);
        }
    }

    /// <summary>Hands a request to the mapping loop (loose mode: it supersedes a request still waiting there;
    /// first, final and barrier requests are waited for, so they are never superseded).</summary>
    private static void Submit(ChannelWriter<MappingRequest> requests, MappingRequest request, bool wait)
    {
        if (!requests.TryWrite(request)) throw new InvalidOperationException("the mapping loop is not accepting requests");
        if (wait) request.Done.Task.GetAwaiter().GetResult();
    }

    private void MappingLoop(ChannelReader<MappingRequest> requests, Action<FrameReport>? onFrame, CancellationToken cancellation)
    {
        while (requests.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            while (requests.TryRead(out var request))
            {
                try
                {
                    if (request.Barrier) { request.Done.TrySetResult(); continue; }
                    if (cancellation.IsCancellationRequested && !request.First) { request.Frame!.Dispose(); request.Done.TrySetResult(); continue; }
                    var frame = request.Frame!;
                    var pose = PoseOf(frame.Index) ?? request.Pose;   // tracking may have been refined meanwhile
                    var (result, refined) = mapper.Map(map!, Keyframes, frame, pose, request.First);
                    Counters.AddMapped(result.Milliseconds, result.Iterations);
                    UpdatePoses(refined, frame.Index, result.BundleAdjusted);
                    int sequence = frame.Index;
                    bool keyframe = request.First || request.Final || sequence - lastKeyframeSequence >= options.KeyframeEvery;
                    lock (snapshotGate)
                    {
                        if (keyframe)
                        {
                            Keyframes.Add(new Keyframe(frame, refined));
                            lastKeyframeSequence = sequence;
                            Counters.AddKeyframe();
                        }
                        else frame.Dispose();
                        if (snapshot is null) snapshot = map!.Clone();
                        else snapshot.CopyFrom(map!);
                    }
                    onFrame?.Invoke(new FrameReport(frame.Index, frame.Timestamp, refined, null, result));
                    request.Done.TrySetResult();
                }
                catch (Exception e)
                {
                    mappingFailure = e;
                    request.Done.TrySetException(e);
                    throw;
                }
            }
        }
    }

    private void InitialiseMap(RgbdFrame first, RigidTransform pose)
    {
        var bounds = options.Bounds ?? SceneBoundsEstimator.Estimate([(first, pose)], options.AutoBoundsMargin);
        map = HierarchicalMap.Create(bounds, options, decoders, mapGenerator, device);
    }

    private string? Validate(RgbdFrame frame)
    {
        if (intrinsics is not null && !frame.Intrinsics.Equals(intrinsics))
            return $"intrinsics {frame.Intrinsics} differ from the first frame's {intrinsics}";
        if (!(frame.Timestamp > lastTimestamp) && accepted > 0)
            return $"timestamp {frame.Timestamp:F6} is not after the previous frame's {lastTimestamp:F6}";
        int valid = frame.ValidDepthCount();
        int needed = Math.Max(16, frame.Depth.Length / 100);
        if (valid < needed) return $"only {valid} pixels with valid depth (need {needed})";
        return null;
    }

    private void Append(PoseEstimate estimate)
    {
        lock (trajectoryGate)
        {
            trajectoryIndex[estimate.FrameIndex] = trajectory.Count;
            trajectory.Add(estimate);
        }
    }

    private RigidTransform? PoseOf(int frameIndex)
    {
        lock (trajectoryGate) return trajectoryIndex.TryGetValue(frameIndex, out int i) ? trajectory[i].Pose : null;
    }

    private (RigidTransform Previous, RigidTransform? BeforePrevious) LastTwoPoses()
    {
        lock (trajectoryGate) return (trajectory[^1].Pose, trajectory.Count >= 2 ? trajectory[^2].Pose : null);
    }

    private void UpdatePoses(RigidTransform current, int currentIndex, bool bundleAdjusted)
    {
        if (!bundleAdjusted) return;
        lock (trajectoryGate)
        {
            foreach (var k in Keyframes.All)
                if (trajectoryIndex.TryGetValue(k.FrameIndex, out int i)) trajectory[i] = trajectory[i] with { Pose = k.Pose };
            if (trajectoryIndex.TryGetValue(currentIndex, out int c)) trajectory[c] = trajectory[c] with { Pose = current };
        }
    }

    public void Dispose()
    {
        tracker.Dispose();
        Keyframes.Dispose();
        if (map is null) decoders.Dispose();      // no map owns them (never started, or reset)
        map?.Dispose();
        snapshot?.Dispose();
        trackerGenerator.Dispose();
        mapperGenerator.Dispose();
        mapGenerator.Dispose();
    }
}
