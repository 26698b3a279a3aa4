using K4os.Compression.LZ4;
using K4os.Compression.LZ4.Streams;
using ZstdSharp;

namespace NiceSlam.Bags.Mcap;

/// <summary>Compresses and decompresses the records of MCAP chunks: "" (none), "zstd", "lz4" (LZ4 frame format).</summary>
internal static class McapChunkCompression
{
    /// <summary>Zstandard level used for writing (rosbag2's MCAP default preset uses a fast level too).</summary>
    public const int ZstdLevel = 3;

    public static byte[] Compress(ReadOnlySpan<byte> records, McapCompression compression)
    {
        switch (compression)
        {
            case McapCompression.None:
                return records.ToArray();
            case McapCompression.Zstd:
                using (var compressor = new Compressor(ZstdLevel)) return compressor.Wrap(records).ToArray();
            case McapCompression.Lz4:
                var output = new MemoryStream();
                using (var encoder = LZ4Stream.Encode(output, new LZ4EncoderSettings { CompressionLevel = LZ4Level.L00_FAST }, leaveOpen: true))
                    encoder.Write(records);
                return output.ToArray();
            default:
                throw new ArgumentOutOfRangeException(nameof(compression), compression, "expected None, Zstd or Lz4");
        }
    }

    /// <summary>Decompresses <paramref name="data"/>, which must yield exactly <paramref name="uncompressedSize"/> bytes.</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> data, string compression, long uncompressedSize)
    {
        if (uncompressedSize < 0 || uncompressedSize > Array.MaxLength)
            throw new FormatException($"chunk uncompressed size {uncompressedSize} is out of range");
        byte[] result;
        switch (compression)
        {
            case "":
                result = data.ToArray();
                break;
            case "zstd":
                using (var decompressor = new Decompressor())
                {
                    result = new byte[uncompressedSize];
                    int written;
                    try { written = decompressor.Unwrap(data, result); }
                    catch (ZstdException e) { throw new FormatException($"zstd chunk does not decompress ({e.Message})", e); }
                    if (written != uncompressedSize) throw new FormatException($"zstd chunk decompressed to {written} bytes, its header says {uncompressedSize}");
                }
                break;
            case "lz4":
                result = new byte[uncompressedSize];
                using (var decoder = LZ4Stream.Decode(new MemoryStream(data.ToArray())))
                {
                    int total = 0;
                    try
                    {
                        while (total < result.Length)
                        {
                            int n = decoder.Read(result, total, result.Length - total);
                            if (n == 0) break;
                            total += n;
                        }
                    }
                    catch (Exception e) when (e is InvalidDataException or ArgumentException or EndOfStreamException or IOException)
                    {
                        throw new FormatException($"lz4 chunk does not decompress ({e.Message})", e);
                    }
                    if (total != uncompressedSize) throw new FormatException($"lz4 chunk decompressed to {total} bytes, its header says {uncompressedSize}");
                }
                break;
            default:
                throw new FormatException($"chunk compression '{compression}' is not supported (expected \"\", \"zstd\" or \"lz4\")");
        }
        if (result.Length != uncompressedSize)
            throw new FormatException($"chunk holds {result.Length} bytes of records, its header says {uncompressedSize}");
        return result;
    }
}
