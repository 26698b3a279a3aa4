using System.Runtime.InteropServices;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Datasets;
using OpenCvSharp;

namespace NiceSlam.Data.Images;

/// <summary>An 8-bit RGB image, row-major [H, W, 3].</summary>
public sealed record RgbImage(int Width, int Height, byte[] Rgb);

/// <summary>A depth image in metres, row-major [H, W], 0 = invalid.</summary>
public sealed record DepthImage(int Width, int Height, float[] Metres);

/// <summary>
/// Reads colour and 16-bit depth images with OpenCV. Colour: any 8-bit image OpenCV decodes (grey, BGR, BGRA)
/// becomes RGB bytes. Depth: a 16-bit single-channel PNG whose raw value / <c>unitsPerMetre</c> is metres; 0 stays 0
/// (invalid). Every failure is a <see cref="DatasetException"/> naming the file.
/// </summary>
public static class ImageReader
{
    /// <summary>Reads an 8-bit colour or grey image as RGB.</summary>
    public static RgbImage ReadColor(string path)
    {
        using var rgb = ReadColorMat(path);
        return new RgbImage(rgb.Cols, rgb.Rows, ToBytes(rgb));
    }

    /// <summary>Reads a colour image and resizes it to <paramref name="width"/> x <paramref name="height"/>
    /// (INTER_AREA when shrinking, linear when enlarging) when its size differs.</summary>
    public static RgbImage ReadColor(string path, int width, int height)
    {
        using var rgb = ReadColorMat(path);
        if (rgb.Cols == width && rgb.Rows == height) return new RgbImage(width, height, ToBytes(rgb));
        using var resized = new Mat();
        var interpolation = width < rgb.Cols && height < rgb.Rows ? InterpolationFlags.Area : InterpolationFlags.Linear;
        Cv2.Resize(rgb, resized, new Size(width, height), 0, 0, interpolation);
        return new RgbImage(width, height, ToBytes(resized));
    }

    /// <summary>Reads a 16-bit single-channel depth image; metres = raw / <paramref name="unitsPerMetre"/>.
    /// Raw 0, and raw <paramref name="invalidRaw"/> when given (7-Scenes uses 65535), become 0.</summary>
    public static DepthImage ReadDepth(string path, double unitsPerMetre, ushort? invalidRaw = null)
    {
        if (!(unitsPerMetre > 0) || !double.IsFinite(unitsPerMetre))
            throw new ArgumentOutOfRangeException(nameof(unitsPerMetre), $"depth scale must be positive, got {unitsPerMetre}");
        using var raw = Load(path);
        if (raw.Type() != MatType.CV_16UC1)
            throw new DatasetException(path, $"not a 16-bit single-channel depth image (found {Describe(raw)})");
        if (invalidRaw is { } invalid)
        {
            using var mask = new Mat();
            Cv2.Compare(raw, new Scalar(invalid), mask, CmpTypes.EQ);
            raw.SetTo(new Scalar(0), mask);
        }
        using var metres = new Mat();
        raw.ConvertTo(metres, MatType.CV_32FC1, 1.0 / unitsPerMetre);
        var values = new float[metres.Rows * metres.Cols];
        using var continuous = metres.IsContinuous() ? null : metres.Clone();
        Marshal.Copy((continuous ?? metres).Data, values, 0, values.Length);
        return new DepthImage(metres.Cols, metres.Rows, values);
    }

    /// <summary>
    /// Reads a registered colour/depth pair for a dataset frame and checks that both have the same size and that
    /// this size is the one <paramref name="intrinsics"/> states (errors name both files and sizes). With
    /// <paramref name="resizeColorToDepth"/> the colour image is first resized to the depth image's size.
    /// </summary>
    public static (byte[] Rgb, float[] Depth) ReadPair(string colorPath, string depthPath, double depthUnitsPerMetre,
        CameraIntrinsics intrinsics, ushort? invalidRaw = null, bool resizeColorToDepth = false)
    {
        var depth = ReadDepth(depthPath, depthUnitsPerMetre, invalidRaw);
        var color = resizeColorToDepth ? ReadColor(colorPath, depth.Width, depth.Height) : ReadColor(colorPath);
        if (color.Width != depth.Width || color.Height != depth.Height)
            throw new DatasetException(colorPath,
                $"colour image is {color.Width}x{color.Height} but its depth image {depthPath} is {depth.Width}x{depth.Height}");
        if (depth.Width != intrinsics.Width || depth.Height != intrinsics.Height)
            throw new DatasetException(depthPath,
                $"images ({colorPath} and {depthPath}) are {depth.Width}x{depth.Height} but the intrinsics are {intrinsics.Width}x{intrinsics.Height}");
        return (color.Rgb, depth.Metres);
    }

    /// <summary>Reads an 8-bit image as a CV_8UC3 RGB Mat (caller disposes).</summary>
    internal static Mat ReadColorMat(string path)
    {
        var image = Load(path);
        try
        {
            if (image.Depth() != MatType.CV_8U)
                throw new DatasetException(path, $"not an 8-bit colour image (found {Describe(image)})");
            var code = image.Channels() switch
            {
                1 => ColorConversionCodes.GRAY2RGB,
                3 => ColorConversionCodes.BGR2RGB,
                4 => ColorConversionCodes.BGRA2RGB,
                int c => throw new DatasetException(path, $"unsupported colour image with {c} channels"),
            };
            var rgb = new Mat();
            Cv2.CvtColor(image, rgb, code);
            return rgb;
        }
        finally
        {
            image.Dispose();
        }
    }

    /// <summary>Copies a CV_8UC3 Mat into a new row-major byte array.</summary>
    internal static byte[] ToBytes(Mat mat)
    {
        using var continuous = mat.IsContinuous() ? null : mat.Clone();
        var source = continuous ?? mat;
        var bytes = new byte[source.Rows * source.Cols * source.ElemSize()];
        Marshal.Copy(source.Data, bytes, 0, bytes.Length);
        return bytes;
    }

    private static Mat Load(string path)
    {
        if (!File.Exists(path)) throw new DatasetException(path, "image file not found");
        OpenCvRuntime.EnsureLoaded();
        byte[] encoded;
        try { encoded = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DatasetException(path, $"cannot read: {e.Message}", inner: e); }
        if (encoded.Length == 0) throw new DatasetException(path, "unreadable image: the file is empty");
        if (ImageHeaderCheck.Problem(encoded) is { } problem) throw new DatasetException(path, $"unreadable image: {problem}");
        Mat image;
        try { image = Cv2.ImDecode(encoded, ImreadModes.Unchanged); }
        catch (Exception e) when (e is OpenCVException or OpenCvSharpException)
        {
            throw new DatasetException(path, $"unreadable image ({e.Message})", inner: e);
        }
        if (image.Empty())
        {
            image.Dispose();
            throw new DatasetException(path, "unreadable image (OpenCV could not decode it)");
        }
        return image;
    }

    private static string Describe(Mat m)
    {
        string depth = m.Depth() switch
        {
            0 => "8U", 1 => "8S", 2 => "16U", 3 => "16S", 4 => "32S", 5 => "32F", 6 => "64F", 7 => "16F", int d => $"depth {d}",
        };
        return $"{depth}C{m.Channels()}, {m.Cols}x{m.Rows}";
    }
}
