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

    /// <summary>Decompresses <paramref name="data"/>, which must yield exactly <paramref name="uncompressedSize"/> bytes.
    /// Memory follows what the data really decompresses to, never the size the header claims: a corrupt size
    /// field cannot allocate gigabytes.</summary>
    /// <exception cref="FormatException">An unknown compression, data that does not decompress, or decompresses to
    /// another size than <paramref name="uncompressedSize"/>.</exception>
    public static byte[] Decompress(ReadOnlySpan<byte> data, string compression, long uncompressedSize)
    {
        if (uncompressedSize < 0 || uncompressedSize > Array.MaxLength)
            throw new FormatException($"chunk uncompressed size {uncompressedSize} is out of range");
        if (compression == "")
        {
            if (data.Length != uncompressedSize)
                throw new FormatException($"chunk holds {data.Length} bytes of records, its header says {uncompressedSize}");
            return data.ToArray();
        }
        if (compression is not ("zstd" or "lz4"))
            throw new FormatException($"chunk compression '{compression}' is not supported (expected \"\", \"zstd\" or \"lz4\")");
        var input = new MemoryStream(data.ToArray(), writable: false);
        try
        {
            using Stream decoder = compression == "zstd" ? new DecompressionStream(input) : LZ4Stream.Decode(input);
            return ReadExactly(decoder, uncompressedSize, compression);
        }
        catch (Exception e) when (e is not (FormatException or OutOfMemoryException))
        {
            // The decoders throw their own types (ZstdException, InvalidOperationException, InvalidDataException ...)
            // on corrupt input: all of them mean the same here.
            throw new FormatException($"{compression} chunk does not decompress ({e.GetType().Name}: {e.Message})", e);
        }
    }

    /// <summary>Reads the decoder to its end into a buffer that grows with what it yields, up to
    /// <paramref name="expected"/> bytes; more or fewer is a <see cref="FormatException"/>.</summary>
    private static byte[] ReadExactly(Stream decoder, long expected, string compression)
    {
        const int InitialCapacity = 1 << 20;
        var result = new byte[Math.Min(expected, InitialCapacity)];
        int total = 0;
        while (true)
        {
            if (total == result.Length)
            {
                if (total == expected)
                {
                    Span<byte> probe = stackalloc byte[1];
                    if (decoder.Read(probe) > 0)
                        throw new FormatException($"{compression} chunk decompresses to more than the {expected} bytes its header says");
                    return result;
                }
                Array.Resize(ref result, (int)Math.Min(expected, (long)result.Length * 2));
            }
            int read = decoder.Read(result, total, result.Length - total);
            if (read == 0) throw new FormatException($"{compression} chunk decompressed to {total} bytes, its header says {expected}");
            total += read;
        }
    }
}
