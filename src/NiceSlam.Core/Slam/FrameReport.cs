using NiceSlam.Core.Geometry;
using NiceSlam.Core.Mapping;
using NiceSlam.Core.Tracking;

namespace NiceSlam.Core.Slam;

/// <summary>What happened to one input frame: tracked (pose), mapped, or rejected with a reason.</summary>
public sealed record FrameReport(int FrameIndex, double Timestamp, RigidTransform? Pose, TrackingResult? Tracking, MappingResult? Mapping,
    string? Rejection = null)
{
    public bool Rejected => Rejection is not null;
}
