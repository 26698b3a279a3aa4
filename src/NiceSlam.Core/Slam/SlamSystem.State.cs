using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Mapping;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Slam;

/// <summary>Saving, loading and clearing the engine's map (what the node's "save map", "load map" and "reset"
/// services do). Loading and clearing need the loops stopped; saving works while they run.</summary>
public sealed partial class SlamSystem
{
    /// <summary>Guards the loops' start against <see cref="ImportState"/> and <see cref="Reset"/>.</summary>
    private readonly object lifecycleGate = new();
    private int activeRuns;

    /// <summary>The decoders' values before anything changed them (the colour decoder trains), restored by
    /// <see cref="Reset"/>; taken the first time a run starts or a map is imported.</summary>
    private List<ParameterState>? initialDecoders;

    /// <summary>
    /// The engine's state as plain data: the published snapshot of the map (consistent even while the loops run;
    /// the mapper may be one call ahead), its keyframes, the trajectory and the counters the loops need to go on.
    /// Keyframe poses are read from the trajectory, which holds their bundle-adjusted values.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing is mapped yet.</exception>
    public SlamState ExportState()
    {
        lock (snapshotGate)
        {
            if (snapshot is null || intrinsics is null)
                throw new InvalidOperationException("nothing to save: there is a map only once the first frame has been mapped");
            List<PoseEstimate> poses;
            lock (trajectoryGate) poses = [.. trajectory];
            var poseOf = poses.ToDictionary(p => p.FrameIndex, p => p.Pose);
            var keyframes = Keyframes.All.Select(k => new KeyframeState(k.FrameIndex, k.Frame.Timestamp, k.Frame.Intrinsics, k.Frame.IgnoredEdge,
                poseOf.TryGetValue(k.FrameIndex, out var pose) ? pose : k.Pose, ValuesOf(k.Frame.Depth), ValuesOf(k.Frame.Color))).ToList();
            return new SlamState(options.Clone(), snapshot.Bounds,
                GridStateOf(snapshot.Coarse), GridStateOf(snapshot.Middle), GridStateOf(snapshot.Fine), GridStateOf(snapshot.Color),
                ParametersOf(snapshot.Decoders), keyframes, poses, intrinsics, accepted, lastTimestamp, AnchoredToGroundTruth);
        }
    }

    /// <summary>
    /// Replaces the map, its snapshot, the keyframes, the trajectory, the intrinsics and the frame counters with
    /// <paramref name="state"/>; the next frame is tracked against the imported map (its timestamp must be after
    /// <see cref="SlamState.LastTimestamp"/>, its index after the last keyframe's). Everything is checked and built
    /// before anything changes, so a refused state leaves the system as it was. The system keeps its own options.
    /// </summary>
    /// <exception cref="ArgumentException">The state is inconsistent, or its decoders differ in parameter names or
    /// shapes from this system's.</exception>
    /// <exception cref="InvalidOperationException">The loops are running.</exception>
    public void ImportState(SlamState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (lifecycleGate)
        {
            if (activeRuns > 0 && !exclusive)
                throw new InvalidOperationException("cannot load a map while the tracking and mapping loops run: use ExecuteExclusiveAsync or stop them first");
            state.Validate();
            CheckDecodersFit(state.Decoders);
            RememberInitialDecoders();

            // Build everything new first; nothing of the system changes until all of it exists.
            HierarchicalMap? newMap = null, newSnapshot = null;
            var newKeyframes = new List<Keyframe>();
            var decoderValues = new List<Tensor>();
            NiceDecoders? snapshotDecoders = null;
            // Not inside a dispose scope: the grids' parameters and the frame tensors must outlive this call.
            var grids = new[] { state.Coarse, state.Middle, state.Fine, state.Color }
                .Select(g => (g.VoxelSize, Values: tensor(g.Values, g.Shape, float32))).ToArray();   // [1, C, Z, Y, X] each
            try
            {
                newMap = HierarchicalMap.FromGrids(state.Bounds, grids[0], grids[1], grids[2], grids[3], decoders, device);
                foreach (var p in state.Decoders) decoderValues.Add(tensor(p.Values, p.Shape, float32));
                snapshotDecoders = new NiceDecoders();
                using (no_grad())
                    foreach (var (target, value) in snapshotDecoders.parameters().Zip(decoderValues)) target.copy_(value);
                newSnapshot = HierarchicalMap.FromGrids(state.Bounds, grids[0], grids[1], grids[2], grids[3], snapshotDecoders, device);
                foreach (var k in state.Keyframes)
                    newKeyframes.Add(new Keyframe(FrameTensors.FromValues(k.FrameIndex, k.Timestamp, k.Intrinsics, k.IgnoredEdge, k.Depth, k.Color, device), k.Pose));
            }
            catch
            {
                if (newMap is not null) DisposeGrids(newMap);       // its decoders are this system's: keep them
                if (newSnapshot is not null) newSnapshot.Dispose();
                else snapshotDecoders?.Dispose();
                foreach (var k in newKeyframes) k.Dispose();
                foreach (var t in decoderValues) t.Dispose();
                throw;
            }
            finally
            {
                foreach (var g in grids) g.Values.Dispose();
            }

            // Commit.
            using (no_grad())
                foreach (var (target, value) in decoders.parameters().Zip(decoderValues)) target.copy_(value);
            foreach (var t in decoderValues) t.Dispose();
            if (map is not null) DisposeGrids(map);
            map = newMap;
            lock (snapshotGate)
            {
                snapshot?.Dispose();
                snapshot = newSnapshot;
                Keyframes.Clear();
                foreach (var k in newKeyframes) Keyframes.Add(k);
            }
            ReplaceTrajectory(state.Trajectory);
            tracker.Reset();                                         // [tracking] references of the old map are void
            intrinsics = state.Intrinsics;
            accepted = state.AcceptedFrames;
            lastTimestamp = state.LastTimestamp;
            mappingFailure = null;
            int lastIndex = Math.Max(state.Trajectory.Count == 0 ? -1 : state.Trajectory.Max(p => p.FrameIndex),
                state.Keyframes.Count == 0 ? -1 : state.Keyframes.Max(k => k.FrameIndex));
            indexOffset = 0;
            firstIndexAfterImport = lastIndex + 1;
            lastKeyframeSequence = state.Keyframes.Count == 0 ? int.MinValue : state.Keyframes.Max(k => k.FrameIndex);
            AnchoredToGroundTruth = state.AnchoredToGroundTruth;
        }
    }

    /// <summary>
    /// Forgets the map, its keyframes and the trajectory, and restores the decoders to their values before the
    /// first run or import; the next frame starts a new map (first-frame pose and schedule, bounds from the options
    /// or from that frame). Counters keep counting.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loops are running.</exception>
    public void Reset()
    {
        lock (lifecycleGate)
        {
            if (activeRuns > 0 && !exclusive)
                throw new InvalidOperationException("cannot reset while the tracking and mapping loops run: use ExecuteExclusiveAsync or stop them first");
            lock (snapshotGate)
            {
                Keyframes.Clear();
                snapshot?.Dispose();
                snapshot = null;
            }
            if (map is not null) DisposeGrids(map);
            map = null;
            if (initialDecoders is not null) CopyInto(decoders, initialDecoders);
            ReplaceTrajectory([]);
            intrinsics = null;
            accepted = 0;
            lastTimestamp = double.NegativeInfinity;
            mappingFailure = null;
            indexOffset = 0;
            firstIndexAfterImport = null;
            lastKeyframeSequence = int.MinValue;
            AnchoredToGroundTruth = false;
        }
    }

    /// <summary>Marks the loops as running until the result is disposed (import and reset are refused meanwhile).</summary>
    private IDisposable EnterRun()
    {
        lock (lifecycleGate)
        {
            RememberInitialDecoders();
            activeRuns++;
        }
        return new RunLease(this);
    }

    private sealed class RunLease(SlamSystem system) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 1) return;
            lock (system.lifecycleGate) system.activeRuns--;
        }
    }

    private void RememberInitialDecoders() => initialDecoders ??= ParametersOf(decoders);

    private void CheckDecodersFit(IReadOnlyList<ParameterState> saved)
    {
        var own = decoders.named_parameters().Select(p => (p.name, Shape: p.parameter.shape)).ToList();
        string Describe(IEnumerable<(string Name, long[] Shape)> ps) => string.Join(", ", ps.Select(p => $"{p.Name} [{string.Join(", ", p.Shape)}]"));
        bool same = own.Count == saved.Count
            && own.Zip(saved).All(pair => pair.First.name == pair.Second.Name && pair.First.Shape.SequenceEqual(pair.Second.Shape));
        if (!same)
            throw new ArgumentException($"the saved decoders do not fit this system's: saved {Describe(saved.Select(p => (p.Name, p.Shape)))}; "
                + $"expected {Describe(own.Select(p => (p.name, p.Shape)))}");
    }

    private void ReplaceTrajectory(IEnumerable<PoseEstimate> poses)
    {
        lock (trajectoryGate)
        {
            trajectory.Clear();
            trajectoryIndex.Clear();
            foreach (var p in poses)
            {
                trajectoryIndex[p.FrameIndex] = trajectory.Count;
                trajectory.Add(p);
            }
        }
    }

    /// <summary>Disposes a map's grids but not its decoders (this system's working map shares them).</summary>
    private static void DisposeGrids(HierarchicalMap m)
    {
        foreach (var g in m.Grids) g.Dispose();
    }

    private static void CopyInto(NiceDecoders target, IReadOnlyList<ParameterState> values)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var (parameter, value) in target.parameters().Zip(values))
            parameter.copy_(tensor(value.Values, value.Shape, float32));
    }

    private static List<ParameterState> ParametersOf(NiceDecoders decoders) =>
        [.. decoders.named_parameters().Select(p => new ParameterState(p.name, p.parameter.shape, ValuesOf(p.parameter)))];

    private static GridState GridStateOf(FeatureGrid grid) => new(grid.VoxelSize, grid.Values.shape, ValuesOf(grid.Values));

    /// <summary>A tensor's values in row-major order, as float32, copied to managed memory.</summary>
    private static float[] ValuesOf(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().to(float32).cpu().contiguous().reshape(-1).data<float>().ToArray();
    }
}
