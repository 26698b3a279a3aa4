using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Tracking;

/// <summary>A tracking keyframe the pose graph moved: its pose before and after. Every frame tracked against it
/// moves with it by <see cref="World"/>.</summary>
internal readonly record struct KeyframeCorrection(int FrameIndex, RigidTransform Before, RigidTransform After)
{
    /// <summary>The correction in the world frame, C = After · Before⁻¹ (a pose P becomes C · P).</summary>
    public RigidTransform World => Se3.Orthonormalised(After * Before.Inverse());
}
