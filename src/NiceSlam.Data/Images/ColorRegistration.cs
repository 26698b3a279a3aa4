using NiceSlam.Core.Geometry;
using OpenCvSharp;

namespace NiceSlam.Data.Images;

/// <summary>
/// Registers a colour image to the depth camera of an RGB-D sensor whose colour and depth are not registered
/// (7-Scenes' Kinect v1): the colour image, taken by a camera with intrinsics <c>color</c>, is resampled into the
/// pixels of the depth camera <c>depth</c> (same image size) as if both shared the optical centre. Each depth pixel's
/// ray K_d⁻¹ [u v 1] is projected with K_c and the colour is read there with bilinear interpolation, the border
/// replicated. Neither camera may have distortion, so the map is affine:
/// u_c = fx_c / fx_d (u − cx_d) + cx_c, v_c = fy_c / fy_d (v − cy_d) + cy_c (pixel centres at integer coordinates,
/// as <see cref="CameraIntrinsics"/> states).
/// <para>The baseline between the two cameras (a few centimetres on a Kinect) is not modelled: at room depths its
/// parallax is a near-constant shift of the colour image, which both frames of an alignment share, whereas a wrong
/// focal length scales the image about its centre and biases every rotation an alignment estimates.</para>
/// </summary>
public static class ColorRegistration
{
    /// <summary>
    /// The colour image <paramref name="rgb"/> (RGB bytes, row-major [H, W, 3], taken with <paramref name="color"/>)
    /// resampled into the pixels of the depth camera <paramref name="depth"/>; a new array of the same size.
    /// Throws <see cref="ArgumentException"/> when the two intrinsics differ in image size, when
    /// <paramref name="rgb"/> does not hold W x H x 3 bytes, or when either camera has distortion.
    /// </summary>
    public static byte[] ToDepthCamera(byte[] rgb, CameraIntrinsics color, CameraIntrinsics depth)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(color);
        ArgumentNullException.ThrowIfNull(depth);
        if (color.Width != depth.Width || color.Height != depth.Height)
            throw new ArgumentException($"colour camera is {color.Width}x{color.Height} but depth camera is {depth.Width}x{depth.Height}", nameof(color));
        if (rgb.Length != checked(color.Width * color.Height * 3))
            throw new ArgumentException($"colour image has {rgb.Length} bytes, expected {color.Width}x{color.Height}x3 = {color.Width * color.Height * 3}", nameof(rgb));
        if (color.HasDistortion) throw new ArgumentException($"colour camera has distortion ({color}); undistort first", nameof(color));
        if (depth.HasDistortion) throw new ArgumentException($"depth camera has distortion ({depth}); undistort first", nameof(depth));

        OpenCvRuntime.EnsureLoaded();
        using var source = Mat.FromPixelData(color.Height, color.Width, MatType.CV_8UC3, rgb);
        using var map = Mat.FromArray(DepthToColorMap(color, depth));
        using var registered = new Mat();
        Cv2.WarpAffine(source, registered, map, new Size(depth.Width, depth.Height),
            InterpolationFlags.Linear | InterpolationFlags.WarpInverseMap, BorderTypes.Replicate);
        return ImageReader.ToBytes(registered);
    }

    /// <summary>The colour pixel that depth pixel (<paramref name="u"/>, <paramref name="v"/>) reads from.</summary>
    public static (double U, double V) ColorPixel(double u, double v, CameraIntrinsics color, CameraIntrinsics depth)
    {
        var m = DepthToColorMap(color, depth);
        return (m[0, 0] * u + m[0, 2], m[1, 1] * v + m[1, 2]);
    }

    /// <summary>The 2x3 affine map from depth pixels to colour pixels: K_c K_d⁻¹ without its last row.</summary>
    private static double[,] DepthToColorMap(CameraIntrinsics color, CameraIntrinsics depth)
    {
        double sx = color.Fx / depth.Fx, sy = color.Fy / depth.Fy;
        return new double[,] { { sx, 0, color.Cx - sx * depth.Cx }, { 0, sy, color.Cy - sy * depth.Cy } };
    }
}
