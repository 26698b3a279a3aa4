using OpenCvSharp;

namespace NiceSlam.Data.Images;

/// <summary>Decodes JPEG/PNG bytes (sensor_msgs/CompressedImage payloads) to row-major RGB.</summary>
public static class CompressedImageDecoder
{
    /// <summary>[H*W*3] RGB bytes of an 8-bit grey, BGR or BGRA encoded image.</summary>
    public static (int Width, int Height, byte[] Rgb) DecodeRgb(byte[] encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Length == 0) throw new InvalidDataException("compressed image is empty");
        if (ImageHeaderCheck.Problem(encoded) is { } problem) throw new InvalidDataException($"compressed image of {encoded.Length} bytes: {problem}");
        OpenCvRuntime.EnsureLoaded();
        using var image = Cv2.ImDecode(encoded, ImreadModes.Unchanged);
        if (image.Empty()) throw new InvalidDataException($"compressed image of {encoded.Length} bytes could not be decoded (not JPEG/PNG?)");
        if (image.Depth() != MatType.CV_8U) throw new InvalidDataException("compressed colour image is not 8-bit");
        var code = image.Channels() switch
        {
            1 => ColorConversionCodes.GRAY2RGB,
            3 => ColorConversionCodes.BGR2RGB,
            4 => ColorConversionCodes.BGRA2RGB,
            int c => throw new InvalidDataException($"compressed colour image with {c} channels"),
        };
        using var rgb = new Mat();
        Cv2.CvtColor(image, rgb, code);
        return (rgb.Cols, rgb.Rows, ImageReader.ToBytes(rgb));
    }
}
