using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Slam;

/// <summary>
/// What one <see cref="SlamSystem.Map"/> call did: its report (mapping result, refined pose of the mapped frame),
/// whether the frame became a keyframe, and the poses bundle adjustment moved (every keyframe and the mapped frame;
/// empty when it did not run), which the tracking side takes over with <see cref="SlamSystem.Apply"/>.
/// </summary>
public sealed record MappingOutcome(FrameReport Report, bool Keyframe, IReadOnlyList<(int FrameIndex, RigidTransform Pose)> RefinedPoses);
