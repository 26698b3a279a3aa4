using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Tracking;

/// <summary>A frame the odometry can align to: its pyramid (owned), its time and its camera-to-world pose.</summary>
public sealed class ReferenceFrame(int frameIndex, double timestamp, RigidTransform pose, RgbdPyramid pyramid) : IDisposable
{
    public int FrameIndex { get; } = frameIndex;
    /// <summary>Seconds (the frame's stamp).</summary>
    public double Timestamp { get; } = timestamp;
    /// <summary>Camera-to-world; the pose graph moves it when it corrects drift.</summary>
    public RigidTransform Pose { get; internal set; } = pose;
    public RgbdPyramid Pyramid { get; } = pyramid;

    /// <summary>Median depth of the frame's pixels, metres.</summary>
    public double MedianDepth => Pyramid[0].MedianDepth;

    /// <summary>How far this frame's surface appears to move when the camera goes to <paramref name="pose"/>:
    /// |Δt| + median depth x rotation angle, as a share of the median depth (about the image shift in radians).</summary>
    public double ApparentMotion(RigidTransform pose)
    {
        var delta = Pose.Inverse() * pose;
        double depth = Math.Max(MedianDepth, 0.1);
        return (delta.TranslationNorm() + depth * delta.RotationAngle()) / depth;
    }

    private bool disposed;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Pyramid.Dispose();
    }
}
