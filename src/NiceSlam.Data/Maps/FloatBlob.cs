using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace NiceSlam.Data.Maps;

/// <summary>float32 arrays as little-endian byte blobs (one copy, no per-value encoding).</summary>
internal static class FloatBlob
{
    public static byte[] ToBytes(float[] values)
    {
        var bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian) SwapEach(bytes);
        return bytes;
    }

    /// <summary>The floats of a blob; <paramref name="what"/> names it in the error when its length is not a
    /// multiple of 4.</summary>
    public static float[] FromBytes(byte[] bytes, string what)
    {
        if (bytes is null) throw new InvalidDataException($"{what}: data missing");
        if (bytes.Length % sizeof(float) != 0) throw new InvalidDataException($"{what}: {bytes.Length} bytes is not a whole number of float32 values");
        if (!BitConverter.IsLittleEndian)
        {
            bytes = (byte[])bytes.Clone();
            SwapEach(bytes);
        }
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    private static void SwapEach(byte[] bytes)
    {
        var words = MemoryMarshal.Cast<byte, uint>(bytes.AsSpan());
        BinaryPrimitives.ReverseEndianness(words, words);
    }
}
