using System.Collections.Immutable;
using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Slam;

/// <summary>
/// The estimated trajectory: one pose per tracked frame in frame order, found by frame index, refined in place when
/// bundle adjustment moves keyframes. Kept as an immutable list, so every version handed out (<see cref="Poses"/>)
/// stays valid while the store goes on. Owned and written by the tracking side only.
/// </summary>
internal sealed class TrajectoryStore
{
    private readonly Dictionary<int, int> positionOf = [];   // frame index -> position in the list

    public ImmutableList<PoseEstimate> Poses { get; private set; } = [];

    public int Count => Poses.Count;

    public void Append(PoseEstimate estimate)
    {
        positionOf[estimate.FrameIndex] = Poses.Count;
        Poses = Poses.Add(estimate);
    }

    public RigidTransform? PoseOf(int frameIndex) => positionOf.TryGetValue(frameIndex, out int i) ? Poses[i].Pose : null;

    /// <summary>The last pose and the one before it (null for a one-pose trajectory). Needs a pose.</summary>
    public (RigidTransform Previous, RigidTransform? BeforePrevious) LastTwo() =>
        (Poses[^1].Pose, Poses.Count >= 2 ? Poses[^2].Pose : null);

    /// <summary>Moves the given frames to new poses (frames not in the trajectory are ignored).</summary>
    public void Refine(IEnumerable<(int FrameIndex, RigidTransform Pose)> poses)
    {
        var builder = Poses.ToBuilder();
        foreach (var (index, pose) in poses)
            if (positionOf.TryGetValue(index, out int i)) builder[i] = builder[i] with { Pose = pose };
        Poses = builder.ToImmutable();
    }

    /// <summary>Replaces everything with <paramref name="poses"/> (frame order).</summary>
    public void Replace(IEnumerable<PoseEstimate> poses)
    {
        positionOf.Clear();
        Poses = [];
        foreach (var p in poses) Append(p);
    }
}
