using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;

namespace NiceSlam.Core.Slam;

/// <summary>
/// Everything <see cref="SlamSystem"/> needs to go on from a saved map, as plain data (no tensors): the options it
/// ran with, the map (bounds, the four grids, the decoder parameters in module order), the keyframes, the
/// trajectory, the first frame's intrinsics, how many frames were accepted and the last accepted timestamp.
/// Made by <see cref="SlamSystem.ExportState"/>, taken by <see cref="SlamSystem.ImportState"/>.
/// </summary>
/// <param name="Options">The options of the system that made the map (informational on import: the importing
/// system keeps its own; a node builds its system from these before it imports).</param>
/// <param name="Bounds">The map's bounds (already rounded to the middle voxel; grown with the map); the middle, fine
/// and colour grids span them, the coarse grid about twice them (each grid's own bounds are in its <see cref="GridState"/>).</param>
public sealed record SlamState(
    SlamOptions Options,
    Bounds3 Bounds,
    GridState Coarse,
    GridState Middle,
    GridState Fine,
    GridState Color,
    IReadOnlyList<ParameterState> Decoders,
    IReadOnlyList<KeyframeState> Keyframes,
    IReadOnlyList<PoseEstimate> Trajectory,
    CameraIntrinsics Intrinsics,
    int AcceptedFrames,
    double LastTimestamp,
    bool AnchoredToGroundTruth = false)
{
    /// <summary>A grid's bounds: its own, or for maps saved before grids could grow the map's (the coarse grid's x2).</summary>
    public Bounds3 BoundsOf(string name, GridState grid) => grid.Bounds ?? (name == "coarse" ? HierarchicalMap.CoarseBoundsOf(Bounds) : Bounds);

    /// <summary>The four grids with their names: coarse, middle, fine, colour.</summary>
    public IEnumerable<(string Name, GridState Grid)> Grids => [("coarse", Coarse), ("middle", Middle), ("fine", Fine), ("color", Color)];

    /// <summary>
    /// Checks that the state is complete and consistent in itself (a system adds its own checks on import):
    /// grid shapes fit the bounds at their voxel sizes, every array has the size its shape or image asks for,
    /// keyframes come in frame order with the map's intrinsics, trajectory frame indices are unique and the
    /// counters agree. Throws <see cref="ArgumentException"/> naming the first problem.
    /// </summary>
    public void Validate()
    {
        if (Options is null || Decoders is null || Keyframes is null || Trajectory is null || Intrinsics is null)
            throw new ArgumentException("map state: options, decoders, keyframes, trajectory and intrinsics are required");
        if (Coarse is null || Middle is null || Fine is null || Color is null) throw new ArgumentException("map state: all four grids are required");
        Options.Validate();
        Bounds.Validate();
        foreach (var (name, grid) in Grids)
        {
            grid.Validate(name);
            var gridBounds = BoundsOf(name, grid);
            if (!FeatureGrid.Fits(grid.Shape, gridBounds, grid.VoxelSize))
                throw new ArgumentException($"{name} grid: shape [{string.Join(", ", grid.Shape)}] does not fit bounds {gridBounds} at voxel {grid.VoxelSize} (expected [{string.Join(", ", FeatureGrid.ShapeFor(gridBounds, grid.VoxelSize, (int)grid.Shape[1]))}])");
            if (name != "coarse" && !gridBounds.Contains(Bounds))
                throw new ArgumentException($"{name} grid: bounds {gridBounds} do not hold the map's {Bounds}");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in Decoders)
        {
            if (p is null) throw new ArgumentException("map state: a decoder parameter is missing");
            p.Validate();
            if (!names.Add(p.Name)) throw new ArgumentException($"decoder parameter '{p.Name}' appears twice");
        }
        int? previous = null;
        foreach (var k in Keyframes)
        {
            if (k is null) throw new ArgumentException("map state: a keyframe is missing");
            k.Validate();
            if (previous is int p && k.FrameIndex <= p) throw new ArgumentException($"keyframes must come in frame order: {k.FrameIndex} after {p}");
            if (!k.Intrinsics.Equals(Intrinsics)) throw new ArgumentException($"keyframe {k.FrameIndex}: intrinsics {k.Intrinsics} differ from the map's {Intrinsics}");
            previous = k.FrameIndex;
        }
        var indices = new HashSet<int>();
        foreach (var e in Trajectory)
        {
            if (e is null) throw new ArgumentException("map state: a trajectory entry is missing");
            if (!indices.Add(e.FrameIndex)) throw new ArgumentException($"trajectory: frame {e.FrameIndex} appears twice");
            if (!e.Pose.ToMatrix().All(double.IsFinite)) throw new ArgumentException($"trajectory: frame {e.FrameIndex} has a non-finite pose");
        }
        if (AcceptedFrames < Math.Max(1, Trajectory.Count))
            throw new ArgumentException($"accepted frame count {AcceptedFrames} must be >= 1 and >= the trajectory's {Trajectory.Count} poses");
        if (double.IsNaN(LastTimestamp)) throw new ArgumentException("last timestamp is NaN");
    }
}
