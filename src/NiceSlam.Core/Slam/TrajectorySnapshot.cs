using System.Collections;
using System.Collections.Immutable;
using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Slam;

/// <summary>
/// The trajectory as the tracking side published it after its last step, with the frame counters that go with it:
/// the poses in frame order (keyframe poses as bundle adjustment left them), the first frame's intrinsics, how many
/// frames were accepted, the last accepted timestamp and whether the world frame is the ground truth's. Immutable:
/// any thread may keep and read it while tracking goes on.
/// </summary>
public sealed class TrajectorySnapshot : IReadOnlyList<PoseEstimate>
{
    internal TrajectorySnapshot(ImmutableList<PoseEstimate> poses, CameraIntrinsics? intrinsics, int acceptedFrames, double lastTimestamp,
        bool anchoredToGroundTruth)
    {
        Poses = poses;
        Intrinsics = intrinsics;
        AcceptedFrames = acceptedFrames;
        LastTimestamp = lastTimestamp;
        AnchoredToGroundTruth = anchoredToGroundTruth;
    }

    internal static TrajectorySnapshot Empty { get; } = new([], null, 0, double.NegativeInfinity, false);

    public ImmutableList<PoseEstimate> Poses { get; }

    /// <summary>The first frame's intrinsics; null before it.</summary>
    public CameraIntrinsics? Intrinsics { get; }

    public int AcceptedFrames { get; }

    public double LastTimestamp { get; }

    /// <summary>True when the first frame took its ground-truth pose, so the world frame is the recording's world;
    /// false when it started at the identity, so the world frame is the first camera's optical frame.</summary>
    public bool AnchoredToGroundTruth { get; }

    public int Count => Poses.Count;

    public PoseEstimate this[int index] => Poses[index];

    public IEnumerator<PoseEstimate> GetEnumerator() => Poses.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
