using System.Buffers.Binary;
using System.Runtime.InteropServices;
using NiceSlam.Messages.SensorMsgs;

namespace NiceSlam.Node.Input;

/// <summary>
/// Turns sensor_msgs/Image payloads into the arrays an <see cref="NiceSlam.Core.Frames.RgbdFrame"/> holds:
/// 8-bit RGB ([H, W, 3], row-major, no padding) and depth in metres ([H, W], 0 = invalid). Rows may be padded
/// (<see cref="Image.Step"/> larger than the pixel bytes); multi-byte values honour <see cref="Image.IsBigEndian"/>.
/// Anything that cannot be read throws <see cref="InputRejectedException"/>.
/// </summary>
public static class ImageDecoding
{
    /// <summary>Colour encodings <see cref="ToRgb"/> reads.</summary>
    public static IReadOnlyList<string> ColourEncodings { get; } = ["rgb8", "bgr8", "rgba8", "bgra8", "mono8"];

    /// <summary>Depth encodings <see cref="ToDepthMetres"/> reads.</summary>
    public static IReadOnlyList<string> DepthEncodings { get; } = ["16UC1", "mono16", "32FC1"];

    /// <summary>
    /// RGB bytes of a colour image ([H*W*3]): rgb8 and bgr8 (channel order), rgba8 and bgra8 (alpha dropped),
    /// mono8 (grey copied to r, g and b).
    /// </summary>
    public static byte[] ToRgb(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int channels = image.Encoding switch
        {
            "rgb8" or "bgr8" => 3,
            "rgba8" or "bgra8" => 4,
            "mono8" => 1,
            _ => throw new InputRejectedException(InputRejection.Encoding,
                $"colour image encoding '{image.Encoding}' is not supported; expected one of {string.Join(", ", ColourEncodings)}"),
        };
        var (width, height, step) = CheckLayout(image, channels);
        var rgb = new byte[width * height * 3];
        bool swap = image.Encoding[0] == 'b';
        for (int v = 0; v < height; v++)
        {
            ReadOnlySpan<byte> src = image.Data.AsSpan(v * step, width * channels);
            Span<byte> dst = rgb.AsSpan(v * width * 3, width * 3);
            switch (channels)
            {
                case 3 when !swap:
                    src.CopyTo(dst);
                    break;
                case 1:
                    for (int u = 0, o = 0; u < width; u++, o += 3) { byte g = src[u]; dst[o] = g; dst[o + 1] = g; dst[o + 2] = g; }
                    break;
                default:
                    // 3 or 4 bytes in, 3 out; blue first when swapping.
                    int r = swap ? 2 : 0, b = swap ? 0 : 2;
                    for (int u = 0, i = 0, o = 0; u < width; u++, i += channels, o += 3)
                    {
                        dst[o] = src[i + r];
                        dst[o + 1] = src[i + 1];
                        dst[o + 2] = src[i + b];
                    }
                    break;
            }
        }
        return rgb;
    }

    /// <summary>
    /// Depth in metres ([H*W]): 16UC1 and mono16 are integer units times <paramref name="scale16"/> (0.001 for
    /// millimetres; 0 stays 0 = invalid), 32FC1 is metres already (NaN, infinities and negative values become 0).
    /// </summary>
    /// <param name="scale16">Metres per unit of 16-bit depth (finite, positive).</param>
    public static float[] ToDepthMetres(Image image, double scale16 = 0.001)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!(scale16 > 0) || !double.IsFinite(scale16))
            throw new ArgumentOutOfRangeException(nameof(scale16), $"16-bit depth scale must be finite and positive (metres a unit), got {scale16}");
        int bytesPerPixel = image.Encoding switch
        {
            "16UC1" or "mono16" => 2,
            "32FC1" => 4,
            _ => throw new InputRejectedException(InputRejection.Encoding,
                $"depth image encoding '{image.Encoding}' is not supported; expected one of {string.Join(", ", DepthEncodings)}"),
        };
        var (width, height, step) = CheckLayout(image, bytesPerPixel);
        bool swap = (image.IsBigEndian != 0) == BitConverter.IsLittleEndian;
        var depth = new float[width * height];
        if (bytesPerPixel == 2)
        {
            var row = new ushort[width];
            for (int v = 0; v < height; v++)
            {
                // Copy out of the (possibly odd-aligned) row, then fix the byte order in one vectorised pass.
                image.Data.AsSpan(v * step, width * 2).CopyTo(MemoryMarshal.AsBytes(row.AsSpan()));
                if (swap) BinaryPrimitives.ReverseEndianness(row, row);
                Span<float> dst = depth.AsSpan(v * width, width);
                for (int u = 0; u < width; u++) dst[u] = (float)(row[u] * scale16); // in double: 1000 * 0.001 is exactly 1f
            }
        }
        else
        {
            for (int v = 0; v < height; v++)
            {
                Span<float> dst = depth.AsSpan(v * width, width);
                image.Data.AsSpan(v * step, width * 4).CopyTo(MemoryMarshal.AsBytes(dst));
                if (swap)
                {
                    Span<uint> bits = MemoryMarshal.Cast<float, uint>(dst);
                    BinaryPrimitives.ReverseEndianness(bits, bits);
                }
                for (int u = 0; u < width; u++)
                    if (!(dst[u] > 0) || float.IsPositiveInfinity(dst[u])) dst[u] = 0; // NaN, ±inf, negative, -0
            }
        }
        return depth;
    }

    /// <summary>Checks size, step and data length; returns them as ints.</summary>
    private static (int Width, int Height, int Step) CheckLayout(Image image, int bytesPerPixel)
    {
        if (image.Width == 0 || image.Height == 0)
            throw new InputRejectedException(InputRejection.Size, $"{image.Encoding} image is {image.Width}x{image.Height}; expected a positive size");
        long rowBytes = (long)image.Width * bytesPerPixel;
        if (image.Step < rowBytes)
            throw new InputRejectedException(InputRejection.Size,
                $"{image.Encoding} image of width {image.Width} needs a step of at least {rowBytes} bytes, found {image.Step}");
        long needed = (long)image.Step * image.Height;
        if (needed > Array.MaxLength / 4 || (long)image.Width * image.Height * 3 > Array.MaxLength)
            throw new InputRejectedException(InputRejection.Size, $"{image.Encoding} image of {image.Width}x{image.Height} (step {image.Step}) is too large");
        // The last row needs only its pixel bytes, but ROS requires step * height; ask for exactly that.
        if (image.Data.Length < needed)
            throw new InputRejectedException(InputRejection.Size,
                $"{image.Encoding} image of {image.Width}x{image.Height} with step {image.Step} needs {needed} data bytes, found {image.Data.Length}");
        return ((int)image.Width, (int)image.Height, (int)image.Step);
    }
}
