using System.Buffers.Binary;
using NiceSlam.Bags.Mcap;

namespace NiceSlam.Bags.Tests;

/// <summary>The bytes of written MCAP files, checked against the specification by hand.</summary>
public class McapLayoutTests
{
    /// <summary>
    /// Sizes worked out from https://mcap.dev/spec for a file with topic "/t" of type std_msgs/msg/String and
    /// schema "string data", every message in its own uncompressed chunk (chunk size 1 byte):
    /// magic 8; Header 9 + (4 + "ros2" 4) + (4 + "NiceSlam.Bags" 13) = 34;
    /// Schema 9 + id 2 + (4 + 19) + (4 + "ros2msg" 7) + (4 + 11) = 60;
    /// Channel 9 + id 2 + schema 2 + (4 + "/t" 2) + (4 + "cdr" 3) + map (4 + (4 + "offered_qos_profiles" 20) + (4 + 0)) = 58;
    /// so the first chunk starts at 8 + 34 + 60 + 58 = 160.
    /// A message of N bytes: Message 9 + 2 + 4 + 8 + 8 + N = 31 + N; its Chunk 9 + 8 + 8 + 8 + 4 + (4 + 0) + 8 + (31 + N) = 80 + N;
    /// its MessageIndex 9 + 2 + (4 + 16) = 31; one message takes 111 + N bytes of the data section.
    /// </summary>
    internal const int DataStart = 160;
    internal const int ChunkOverhead = 80;
    internal const int UnitOverhead = 111;

    internal static void WriteOnePerChunk(string file, int count, int payload)
    {
        using var writer = new McapWriter(file, McapCompression.None, chunkSize: 1);
        writer.AddTopic("/t", TestBags.StringType, TestBags.StringSchema);
        for (int i = 0; i < count; i++) writer.Write("/t", 1000 + i, Enumerable.Repeat((byte)i, payload).ToArray());
    }

    [Fact]
    public void File_starts_with_the_magic_and_the_ros2_header_record()
    {
        using var temp = new TempFolder();
        string file = temp.File("h.mcap");
        WriteOnePerChunk(file, 0, 0);
        byte[] bytes = File.ReadAllBytes(file);
        byte[] expected =
        [
            0x89, 0x4D, 0x43, 0x41, 0x50, 0x30, 0x0D, 0x0A, // magic: 0x89 M C A P 0 \r \n
            0x01, // Header opcode
            25, 0, 0, 0, 0, 0, 0, 0, // content length: 4 + 4 + 4 + 13 = 25, uint64 LE
            4, 0, 0, 0, (byte)'r', (byte)'o', (byte)'s', (byte)'2', // profile "ros2", uint32 length prefix
            13, 0, 0, 0, // library length: "NiceSlam.Bags" is 13 bytes
        ];
        Assert.Equal(expected, bytes[..expected.Length]);
        Assert.Equal("NiceSlam.Bags", System.Text.Encoding.ASCII.GetString(bytes, expected.Length, 13));
        Assert.Equal(0x03, bytes[42]); // Schema record right after the header (8 + 34 = 42)
        Assert.Equal(McapFormat.Magic.ToArray(), bytes[^8..]);
    }

    [Fact]
    public void Chunks_lie_where_the_hand_computed_sizes_put_them()
    {
        using var temp = new TempFolder();
        string file = temp.File("c.mcap");
        const int n = 5, payload = 8;
        WriteOnePerChunk(file, n, payload);
        byte[] bytes = File.ReadAllBytes(file);
        for (int k = 0; k < n; k++)
        {
            int chunk = DataStart + k * (UnitOverhead + payload);
            Assert.Equal((byte)McapOpcode.Chunk, bytes[chunk]);
            Assert.Equal((ulong)(ChunkOverhead + payload - 9), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(chunk + 1)));
            Assert.Equal((byte)McapOpcode.MessageIndex, bytes[chunk + ChunkOverhead + payload]);
            // The chunk's message: after 9 + 40 bytes of chunk fields, opcode 0x05 and the payload filled with k.
            Assert.Equal((byte)McapOpcode.Message, bytes[chunk + 49]);
            Assert.Equal(Enumerable.Repeat((byte)k, payload), bytes[(chunk + 49 + 31)..(chunk + 49 + 31 + payload)]);
        }
        int dataEnd = DataStart + n * (UnitOverhead + payload);
        Assert.Equal((byte)McapOpcode.DataEnd, bytes[dataEnd]);
        // DataEnd's CRC covers every byte before it.
        Assert.Equal(Crc32.Compute(bytes.AsSpan(0, dataEnd)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(dataEnd + 9)));
    }

    [Fact]
    public void Footer_points_at_the_summary_and_its_crc_covers_it()
    {
        using var temp = new TempFolder();
        string file = temp.File("f.mcap");
        WriteOnePerChunk(file, 3, 4);
        byte[] bytes = File.ReadAllBytes(file);
        // Footer: opcode + 8 + 20 bytes of content, then the 8 magic bytes.
        int footer = bytes.Length - 8 - 29;
        Assert.Equal((byte)McapOpcode.Footer, bytes[footer]);
        Assert.Equal(20UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(footer + 1)));
        long summaryStart = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(footer + 9));
        long summaryOffsetStart = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(footer + 17));
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(footer + 25));
        // The summary starts right after DataEnd (13 bytes) at DataStart + 3 × (111 + 4).
        Assert.Equal(DataStart + 3 * (UnitOverhead + 4) + 13, summaryStart);
        Assert.Equal((byte)McapOpcode.Schema, bytes[summaryStart]);
        Assert.Equal((byte)McapOpcode.SummaryOffset, bytes[summaryOffsetStart]);
        Assert.Equal(Crc32.Compute(bytes.AsSpan((int)summaryStart, footer + 25 - (int)summaryStart)), crc);
    }
}
