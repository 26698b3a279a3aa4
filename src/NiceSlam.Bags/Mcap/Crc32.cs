namespace NiceSlam.Bags.Mcap;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, initial value and final xor 0xFFFFFFFF), the checksum MCAP
/// uses for chunks, the data section and the summary. Table-driven, one byte a step.
/// </summary>
public static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    /// <summary>The running value before any byte.</summary>
    public const uint Start = 0xFFFFFFFFu;

    /// <summary>Continues a running value over more bytes.</summary>
    public static uint Append(uint running, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) running = Table[(running ^ b) & 0xFF] ^ (running >> 8);
        return running;
    }

    /// <summary>The CRC from a running value.</summary>
    public static uint Finish(uint running) => running ^ 0xFFFFFFFFu;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
