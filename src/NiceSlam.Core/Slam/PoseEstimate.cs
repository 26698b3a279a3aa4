using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Slam;

/// <summary>The estimated camera-to-world pose of one frame.</summary>
public sealed record PoseEstimate(int FrameIndex, double Timestamp, RigidTransform Pose);
