using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Slam;

/// <summary>
/// One keyframe of a saved map, holding exactly what its frame tensors held, so that a reloaded keyframe is
/// identical: depth [H*W] metres (cleaned: finite, &gt;= 0, 0 = none), colour [H*W*3] in [0, 1] (row-major RGB), the
/// pixels ignored at each border, and its camera-to-world pose (bundle adjusted).
/// </summary>
public sealed record KeyframeState(int FrameIndex, double Timestamp, CameraIntrinsics Intrinsics, int IgnoredEdge,
    RigidTransform Pose, float[] Depth, float[] Color)
{
    /// <summary>Throws <see cref="ArgumentException"/> when the image sizes do not match the intrinsics.</summary>
    public void Validate()
    {
        if (Intrinsics is null || Depth is null || Color is null) throw new ArgumentException($"keyframe {FrameIndex}: intrinsics, depth and colour are required");
        long pixels = (long)Intrinsics.Width * Intrinsics.Height;
        if (Depth.Length != pixels) throw new ArgumentException($"keyframe {FrameIndex}: depth needs {pixels} values ({Intrinsics.Width}x{Intrinsics.Height}), got {Depth.Length}");
        if (Color.Length != pixels * 3) throw new ArgumentException($"keyframe {FrameIndex}: colour needs {pixels * 3} values ({Intrinsics.Width}x{Intrinsics.Height}x3), got {Color.Length}");
        if (IgnoredEdge < 0) throw new ArgumentException($"keyframe {FrameIndex}: ignored edge must be >= 0, got {IgnoredEdge}");
        if (!Pose.ToMatrix().All(double.IsFinite)) throw new ArgumentException($"keyframe {FrameIndex}: pose has non-finite values");
    }
}
