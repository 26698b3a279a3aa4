using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Map;
using NiceSlam.Core.Mapping;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Slam;

/// <summary>
/// The engine's state to and from plain data (<see cref="SlamState"/>): <see cref="Export"/> reads only published
/// snapshots, so it is consistent and safe while tracking and mapping run; <see cref="Build"/> checks a state and
/// builds every tensor of it before anything of the engine changes, so a refused state leaves the engine as it was.
/// </summary>
internal static class SlamStateExchange
{
    /// <summary>
    /// The state of a published map and trajectory. Keyframe poses are the map's (as bundle adjustment left them at
    /// that mapping call), and the trajectory carries them too; the trajectory may hold frames tracked after it.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing is mapped yet.</exception>
    public static SlamState Export(SlamOptions options, MapSnapshot snapshot, TrajectorySnapshot trajectory)
    {
        var intrinsics = trajectory.Intrinsics
            ?? throw new InvalidOperationException("nothing to save: there is a map only once the first frame has been mapped");
        var map = snapshot.Map;
        var keyframePoses = snapshot.Keyframes.ToDictionary(k => k.Frame.Index, k => k.CameraToWorld);
        var poses = trajectory.Select(p => keyframePoses.TryGetValue(p.FrameIndex, out var pose) ? p with { Pose = pose } : p).ToList();
        var keyframes = snapshot.Keyframes.Select(k => new KeyframeState(k.Frame.Index, k.Frame.Timestamp, k.Frame.Intrinsics, k.Frame.IgnoredEdge,
            k.CameraToWorld, ValuesOf(k.Frame.Depth), ValuesOf(k.Frame.Color))).ToList();
        return new SlamState(options.Clone(), map.Bounds,
            GridStateOf(map.Coarse), GridStateOf(map.Middle), GridStateOf(map.Fine), GridStateOf(map.Color),
            ParametersOf(map.Decoders), keyframes, poses, intrinsics, trajectory.AcceptedFrames, trajectory.LastTimestamp,
            trajectory.AnchoredToGroundTruth);
    }

    /// <summary>
    /// Everything of <paramref name="state"/> as tensors on <paramref name="device"/>: the map's grids (read through
    /// <paramref name="decoders"/>, which stay the caller's), the keyframes and the decoder values to copy into
    /// <paramref name="decoders"/> on commit.
    /// </summary>
    /// <exception cref="ArgumentException">The state is inconsistent, or its decoders differ in parameter names or
    /// shapes from <paramref name="decoders"/>.</exception>
    public static ImportedState Build(SlamState state, NiceDecoders decoders, Device device)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Validate();
        CheckDecodersFit(decoders, state.Decoders);
        HierarchicalMap? map = null;
        var keyframes = new KeyframeStore();
        var decoderValues = new List<Tensor>();
        var grids = state.Grids
            .Select(g => new GridValues(g.Grid.VoxelSize, tensor(g.Grid.Values, g.Grid.Shape, float32), state.BoundsOf(g.Name, g.Grid))).ToArray();   // [1, C, Z, Y, X] each
        try
        {
            map = HierarchicalMap.FromGrids(state.Bounds, grids[0], grids[1], grids[2], grids[3], decoders, device);
            foreach (var p in state.Decoders) decoderValues.Add(tensor(p.Values, p.Shape, float32).DetachFromDisposeScope());
            foreach (var k in state.Keyframes)
                keyframes.Add(new Keyframe(FrameTensors.FromValues(k.FrameIndex, k.Timestamp, k.Intrinsics, k.IgnoredEdge, k.Depth, k.Color, device), k.Pose));
            return new ImportedState(map, keyframes, decoderValues);
        }
        catch
        {
            map?.Dispose();
            keyframes.Dispose();
            foreach (var t in decoderValues) t.Dispose();
            throw;
        }
        finally
        {
            foreach (var g in grids) g.Values.Dispose();
        }
    }

    public static List<ParameterState> ParametersOf(NiceDecoders decoders) =>
        [.. decoders.named_parameters().Select(p => new ParameterState(p.name, p.parameter.shape, ValuesOf(p.parameter)))];

    /// <summary>Copies saved values into <paramref name="target"/>'s parameters (module order).</summary>
    public static void CopyInto(NiceDecoders target, IReadOnlyList<ParameterState> values)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var (parameter, value) in target.parameters().Zip(values))
            parameter.copy_(tensor(value.Values, value.Shape, float32));
    }

    private static void CheckDecodersFit(NiceDecoders decoders, IReadOnlyList<ParameterState> saved)
    {
        var own = decoders.named_parameters().Select(p => (p.name, Shape: p.parameter.shape)).ToList();
        string Describe(IEnumerable<(string Name, long[] Shape)> ps) => string.Join(", ", ps.Select(p => $"{p.Name} [{string.Join(", ", p.Shape)}]"));
        bool same = own.Count == saved.Count
            && own.Zip(saved).All(pair => pair.First.name == pair.Second.Name && pair.First.Shape.SequenceEqual(pair.Second.Shape));
        if (!same)
            throw new ArgumentException($"the saved decoders do not fit this system's: saved {Describe(saved.Select(p => (p.Name, p.Shape)))}; "
                + $"expected {Describe(own.Select(p => (p.name, p.Shape)))}");
    }

    private static GridState GridStateOf(FeatureGrid grid) => new(grid.VoxelSize, grid.Values.shape, ValuesOf(grid.Values), grid.Bounds);

    /// <summary>A tensor's values in row-major order, as float32, copied to managed memory.</summary>
    private static float[] ValuesOf(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().to(float32).cpu().contiguous().reshape(-1).data<float>().ToArray();
    }
}

/// <summary>An imported state built and waiting to be committed: the map's grids (its decoders are the engine's),
/// the keyframes and the decoder values. Disposing it frees whatever was not taken.</summary>
internal sealed class ImportedState(HierarchicalMap map, KeyframeStore keyframes, List<Tensor> decoderValues) : IDisposable
{
    private HierarchicalMap? map = map;
    private KeyframeStore? keyframes = keyframes;

    /// <summary>Copies the saved decoder values into <paramref name="decoders"/> and hands over the map and the
    /// keyframes (the caller owns them from now on).</summary>
    public (HierarchicalMap Map, KeyframeStore Keyframes) Commit(NiceDecoders decoders)
    {
        using (no_grad())
            foreach (var (target, value) in decoders.parameters().Zip(decoderValues)) target.copy_(value);
        var taken = (map!, keyframes!);
        map = null;
        keyframes = null;
        return taken;
    }

    public void Dispose()
    {
        map?.Dispose();
        keyframes?.Dispose();
        foreach (var t in decoderValues) t.Dispose();
        decoderValues.Clear();
    }
}
