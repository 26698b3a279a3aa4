using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Slam;

/// <summary>
/// What one <see cref="SlamSystem.Map"/> call did: its report (mapping result, refined pose of the mapped frame),
/// whether the frame became a keyframe, and the poses bundle adjustment moved (every keyframe and the mapped frame;
/// empty when it did not run), which the tracking side takes over with <see cref="SlamSystem.Apply"/>, and whether
/// the map grew (or would have, past its cap) to hold the frame.
/// </summary>
public sealed record MappingOutcome(FrameReport Report, bool Keyframe, IReadOnlyList<(int FrameIndex, RigidTransform Pose)> RefinedPoses,
    MapGrowth? Growth = null);

/// <summary>
/// A mapped frame saw beyond the map's bounds: the map grew from <paramref name="From"/> to <paramref name="To"/>
/// (<paramref name="Parameters"/> grid values after it), or, when <paramref name="Capped"/>, it would have grown
/// past <see cref="MapOptions.MaxVolume"/> and did not (<paramref name="To"/> is what it would have become).
/// </summary>
public sealed record MapGrowth(int FrameIndex, Map.Bounds3 From, Map.Bounds3 To, bool Capped, long Parameters);
