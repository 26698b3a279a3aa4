using System.Buffers.Binary;

namespace NiceSlam.Data.Images;

/// <summary>
/// Checks the structure of PNG and JPEG data before OpenCV decodes it. OpenCV allocates what the headers say
/// before it finds out that the data is not there: a 118-byte PNG whose last chunk claims 2 GB makes its PNG
/// reader take 2 GB of memory (4 GB for a chunk after IEND, which it reads too), and an image header claiming
/// 30000x30000 pixels a 2.7 GB buffer. So: every PNG chunk, up to the end of the data, must lie within it, and the
/// image size (PNG IHDR, JPEG SOF) must be at most <see cref="MaxPixels"/>.
/// Other formats pass unchecked (OpenCV's own limits apply).
/// </summary>
public static class ImageHeaderCheck
{
    /// <summary>The largest image accepted: 64 Mpx (8192 x 8192), far above any RGB-D camera.</summary>
    public const long MaxPixels = 1L << 26;

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Null when <paramref name="data"/> may be given to the decoder, else what is wrong with it.</summary>
    public static string? Problem(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith(PngSignature)) return PngProblem(data);
        if (data.Length >= 2 && data[0] == 0xFF && data[1] == 0xD8) return JpegProblem(data);
        return null;
    }

    private static string? PngProblem(ReadOnlySpan<byte> data)
    {
        // Every chunk to the end of the data, IEND or not: OpenCV's reader goes on past IEND.
        int position = PngSignature.Length;
        bool first = true, ended = false;
        while (position < data.Length)
        {
            if (data.Length - position < 12) return ended ? null : $"PNG chunk header at byte {position} is cut short (truncated file)";
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            string type = System.Text.Encoding.ASCII.GetString(data.Slice(position + 4, 4));
            if (length > (uint)(data.Length - position - 12))
                return $"PNG chunk '{Printable(type)}' at byte {position} claims {length} bytes, only {data.Length - position - 12} follow (truncated or corrupt)";
            if (first)
            {
                if (type != "IHDR" || length < 8) return "PNG does not start with its IHDR chunk";
                uint width = BinaryPrimitives.ReadUInt32BigEndian(data[(position + 8)..]);
                uint height = BinaryPrimitives.ReadUInt32BigEndian(data[(position + 12)..]);
                if (SizeProblem(width, height) is { } problem) return problem;
                first = false;
            }
            ended |= type == "IEND";
            position += 12 + (int)length;
        }
        return first ? "PNG has no chunks" : null;
    }

    private static string? JpegProblem(ReadOnlySpan<byte> data)
    {
        int position = 2;
        while (position + 4 <= data.Length)
        {
            if (data[position] != 0xFF) return null;                  // not at a marker: let the decoder judge
            byte marker = data[position + 1];
            if (marker == 0xFF) { position++; continue; }             // fill byte
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) { position += 2; continue; }
            if (marker is 0xD9 or 0xDA) return null;                  // end of image, start of scan
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            if (length < 2 || length > data.Length - position - 2)
                return $"JPEG segment 0x{marker:X2} at byte {position} claims {length} bytes, only {data.Length - position - 2} follow (truncated or corrupt)";
            bool startOfFrame = marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC);
            if (startOfFrame && length >= 7)
                return SizeProblem(BinaryPrimitives.ReadUInt16BigEndian(data[(position + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(position + 5)..]));
            position += 2 + length;
        }
        return null;
    }

    private static string? SizeProblem(uint width, uint height) =>
        (long)width * height > MaxPixels
            ? $"image header says {width}x{height} pixels, more than the {MaxPixels / (1 << 20)} Mpx this reader accepts (corrupt?)"
            : null;

    private static string Printable(string type) => new([.. type.Select(c => c is >= ' ' and <= '~' ? c : '?')]);
}
