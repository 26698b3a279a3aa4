using System.Runtime.InteropServices;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Images;
using OpenCvSharp;

namespace NiceSlam.Data.Preprocessing;

/// <summary>What <see cref="FramePreprocessor"/> does to a raw frame, in this order: undistort, resize, crop.
/// (The depth scale is not here: readers deliver metres.)</summary>
public sealed record PreprocessOptions
{
    /// <summary>Undistort the images; null (default) = when the intrinsics have distortion.</summary>
    public bool? Undistort { get; init; }

    /// <summary>Resize to this size (after undistortion); null = keep the size.</summary>
    public (int Width, int Height)? ResizeTo { get; init; }

    /// <summary>Pixels removed from every border (after resizing), as NICE-SLAM's crop_edge.</summary>
    public int CropEdge { get; init; }
}

/// <summary>
/// Turns raw dataset frames into the frames the method consumes, with the intrinsics updated consistently.
/// Undistortion: OpenCV's undistort-rectify map with the same K as the new camera matrix (so the pinhole parameters
/// stay, <see cref="CameraIntrinsics.WithoutDistortion"/>); colour is remapped with linear interpolation, depth with
/// nearest neighbour (depths are never blended across edges); pixels that map outside the image become black / 0.
/// Resizing: colour INTER_AREA when shrinking (linear when enlarging), depth INTER_NEAREST;
/// <see cref="CameraIntrinsics.Resized"/>. Cropping: <see cref="CameraIntrinsics.Cropped"/>. Depth that is NaN,
/// infinite or negative becomes 0 (invalid).
/// </summary>
public sealed class FramePreprocessor : IDisposable
{
    private readonly Mat? mapX, mapY;

    public FramePreprocessor(CameraIntrinsics input, PreprocessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new PreprocessOptions();
        Input = input;
        Options = options;
        var k = input;
        bool undistort = (options.Undistort ?? input.HasDistortion) && input.HasDistortion;
        if (undistort)
        {
            OpenCvRuntime.EnsureLoaded();
            using var camera = CameraMatrix(input);
            using var coefficients = Mat.FromArray(input.Distortion.ToArray());
            mapX = new Mat();
            mapY = new Mat();
            using var identity = new Mat();
            Cv2.InitUndistortRectifyMap(camera, coefficients, identity, camera, new Size(input.Width, input.Height),
                MatType.CV_32FC1, mapX, mapY);
        }
        if (options.Undistort is not false || !input.HasDistortion) k = k.WithoutDistortion();
        if (options.ResizeTo is { } size)
        {
            if (size.Width <= 0 || size.Height <= 0) throw new ArgumentOutOfRangeException(nameof(options), $"resize target {size.Width}x{size.Height} must be positive");
            k = k.Resized(size.Width, size.Height);
        }
        if (options.CropEdge != 0) k = k.Cropped(options.CropEdge);
        Output = k;
    }

    public CameraIntrinsics Input { get; }

    /// <summary>Intrinsics of the processed frames (without distortion once undistorted).</summary>
    public CameraIntrinsics Output { get; }

    public PreprocessOptions Options { get; }

    public bool Undistorts => mapX is not null;

    public RgbdFrame Process(RgbdFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var k = frame.Intrinsics;
        if (k.Width != Input.Width || k.Height != Input.Height)
            throw new DatasetException($"frame {frame.Index}",
                $"size mismatch: frame is {k.Width}x{k.Height} (colour and depth) but the preprocessor expects {Input.Width}x{Input.Height}");

        // Nothing to remap, resize or crop (a frame already at the processing size): only the depth clamp, without
        // a round trip through OpenCV (which also lets such inputs run where OpenCV's runtime is not installed).
        bool unchangedSize = Options.ResizeTo is not { } target || (target.Width == k.Width && target.Height == k.Height);
        if (mapX is null && Options.CropEdge == 0 && unchangedSize)
            return new RgbdFrame(frame.Index, frame.Timestamp, frame.Rgb, WithInvalidDepthZeroed(frame.Depth), Output, frame.GroundTruthPose);

        using var color = new Mat(k.Height, k.Width, MatType.CV_8UC3);
        Marshal.Copy(frame.Rgb, 0, color.Data, frame.Rgb.Length);
        using var depth = new Mat(k.Height, k.Width, MatType.CV_32FC1);
        Marshal.Copy(frame.Depth, 0, depth.Data, frame.Depth.Length);
        ClampInvalidDepth(depth);

        Mat c = color, d = depth;
        try
        {
            if (mapX is not null && mapY is not null)
            {
                c = Replace(c, color, m => Cv2.Remap(color, m, mapX, mapY, InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0)));
                d = Replace(d, depth, m => Cv2.Remap(depth, m, mapX, mapY, InterpolationFlags.Nearest, BorderTypes.Constant, Scalar.All(0)));
            }
            if (Options.ResizeTo is { } size && (size.Width != c.Cols || size.Height != c.Rows))
            {
                var interpolation = size.Width <= c.Cols && size.Height <= c.Rows ? InterpolationFlags.Area : InterpolationFlags.Linear;
                var (c0, d0) = (c, d);
                c = Replace(c, color, m => Cv2.Resize(c0, m, new Size(size.Width, size.Height), 0, 0, interpolation));
                d = Replace(d, depth, m => Cv2.Resize(d0, m, new Size(size.Width, size.Height), 0, 0, InterpolationFlags.Nearest));
            }
            if (Options.CropEdge > 0)
            {
                int e = Options.CropEdge;
                var roi = new Rect(e, e, c.Cols - 2 * e, c.Rows - 2 * e);
                var (c0, d0) = (c, d);
                c = Replace(c, color, m => { using var sub = new Mat(c0, roi); sub.CopyTo(m); });
                d = Replace(d, depth, m => { using var sub = new Mat(d0, roi); sub.CopyTo(m); });
            }
            byte[] rgb = ImageReader.ToBytes(c);
            var metres = new float[d.Rows * d.Cols];
            using (var continuous = d.IsContinuous() ? null : d.Clone())
                Marshal.Copy((continuous ?? d).Data, metres, 0, metres.Length);
            return new RgbdFrame(frame.Index, frame.Timestamp, rgb, metres, Output, frame.GroundTruthPose);
        }
        finally
        {
            if (!ReferenceEquals(c, color)) c.Dispose();
            if (!ReferenceEquals(d, depth)) d.Dispose();
        }
    }

    public void Dispose()
    {
        mapX?.Dispose();
        mapY?.Dispose();
    }

    /// <summary><paramref name="depth"/> itself when every value is a finite positive depth or 0, else a copy with
    /// NaN, ±infinity and negative values set to 0 (the same rule as <see cref="ClampInvalidDepth"/>).</summary>
    internal static float[] WithInvalidDepthZeroed(float[] depth)
    {
        float[]? copy = null;
        for (int i = 0; i < depth.Length; i++)
        {
            float v = depth[i];
            if (v >= 0 && v <= float.MaxValue) continue;
            copy ??= (float[])depth.Clone();
            copy[i] = 0;
        }
        return copy ?? depth;
    }

    /// <summary>NaN, ±infinity and negative depths become 0 (in place).</summary>
    internal static void ClampInvalidDepth(Mat depth)
    {
        Cv2.PatchNaNs(depth, 0);
        Cv2.Threshold(depth, depth, 0, 0, ThresholdTypes.Tozero);                // <= 0 (and -inf) -> 0
        Cv2.Threshold(depth, depth, float.MaxValue, 0, ThresholdTypes.TozeroInv); // +inf -> 0
    }

    private static Mat CameraMatrix(CameraIntrinsics k)
    {
        var m = new Mat(3, 3, MatType.CV_64FC1, Scalar.All(0));
        m.Set(0, 0, k.Fx);
        m.Set(0, 2, k.Cx);
        m.Set(1, 1, k.Fy);
        m.Set(1, 2, k.Cy);
        m.Set(2, 2, 1.0);
        return m;
    }

    /// <summary>Runs <paramref name="op"/> into a new Mat and disposes the previous intermediate (never the input).</summary>
    private static Mat Replace(Mat previous, Mat input, Action<Mat> op)
    {
        var result = new Mat();
        try { op(result); }
        catch { result.Dispose(); throw; }
        if (!ReferenceEquals(previous, input)) previous.Dispose();
        return result;
    }
}
