using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Frames;

/// <summary>
/// One registered RGB-D frame as the method consumes it: colour and depth of the same size, pixel-aligned.
/// <see cref="Rgb"/> is 8-bit RGB, row-major, 3 bytes a pixel ([H, W, 3]); <see cref="Depth"/> is metres,
/// row-major ([H, W]), 0 = invalid (never NaN or negative: readers map those to 0). Timestamps are seconds.
/// <see cref="GroundTruthPose"/> is camera-to-world in the optical frame (x right, y down, z forward), when known.
/// </summary>
public sealed class RgbdFrame
{
    public RgbdFrame(int index, double timestamp, byte[] rgb, float[] depth, CameraIntrinsics intrinsics, RigidTransform? groundTruthPose = null)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(depth);
        ArgumentNullException.ThrowIfNull(intrinsics);
        int pixels = intrinsics.Width * intrinsics.Height;
        if (rgb.Length != pixels * 3)
            throw new ArgumentException($"colour has {rgb.Length} bytes, {intrinsics.Width}x{intrinsics.Height} RGB needs {pixels * 3}", nameof(rgb));
        if (depth.Length != pixels)
            throw new ArgumentException($"depth has {depth.Length} values, {intrinsics.Width}x{intrinsics.Height} needs {pixels}", nameof(depth));
        if (!double.IsFinite(timestamp)) throw new ArgumentException("timestamp must be finite", nameof(timestamp));
        Index = index;
        Timestamp = timestamp;
        Rgb = rgb;
        Depth = depth;
        Intrinsics = intrinsics;
        GroundTruthPose = groundTruthPose;
    }

    /// <summary>Position of the frame in its sequence (0-based).</summary>
    public int Index { get; }

    /// <summary>Seconds (dataset time or ROS stamp).</summary>
    public double Timestamp { get; }

    public int Width => Intrinsics.Width;
    public int Height => Intrinsics.Height;

    /// <summary>[H, W, 3] RGB bytes.</summary>
    public byte[] Rgb { get; }

    /// <summary>[H, W] metres, 0 = invalid.</summary>
    public float[] Depth { get; }

    public CameraIntrinsics Intrinsics { get; }

    public RigidTransform? GroundTruthPose { get; }

    /// <summary>Number of pixels with valid depth (finite and &gt; 0).</summary>
    public int ValidDepthCount() => Depth.Count(d => d > 0 && float.IsFinite(d));

    public RgbdFrame WithGroundTruth(RigidTransform? pose) => new(Index, Timestamp, Rgb, Depth, Intrinsics, pose);
}
