using NiceSlam.Bags.Mcap;

namespace NiceSlam.Bags.Tests;

public class McapTruncationTests
{
    [Fact]
    public void Cut_at_every_offset_reads_exactly_the_complete_chunks_before_the_cut()
    {
        using var temp = new TempFolder();
        string full = temp.File("full.mcap");
        const int n = 5, payload = 8;
        McapLayoutTests.WriteOnePerChunk(full, n, payload);
        byte[] bytes = File.ReadAllBytes(full);
        // Message k's chunk ends at 160 + k × 119 + 88 (see McapLayoutTests for the sizes); DataEnd ends 13 bytes
        // after the last unit.
        int dataSectionEnd = McapLayoutTests.DataStart + n * (McapLayoutTests.UnitOverhead + payload) + 13;
        string cut = temp.File("cut.mcap");
        for (int length = 8; length <= dataSectionEnd + 5; length++)
        {
            File.WriteAllBytes(cut, bytes[..length]);
            int expected = Enumerable.Range(0, n).Count(k =>
                McapLayoutTests.DataStart + k * (McapLayoutTests.UnitOverhead + payload) + McapLayoutTests.ChunkOverhead + payload <= length);
            using var reader = new McapReader(cut);
            Assert.Equal(expected, reader.MessageCount);
            var messages = reader.ReadMessages().ToList();
            Assert.Equal(expected, messages.Count);
            for (int k = 0; k < expected; k++)
            {
                Assert.Equal(1000 + k, messages[k].LogTimeNs);
                Assert.Equal(Enumerable.Repeat((byte)k, payload), messages[k].Data);
            }
            var warning = Assert.Single(reader.Warnings);
            Assert.StartsWith("truncated after record", warning);
        }
    }

    [Fact]
    public void Compressed_file_cut_in_the_middle_keeps_the_first_chunks_and_warns()
    {
        using var temp = new TempFolder();
        string file = temp.File("z.mcap");
        var random = new Random(3);
        using (var writer = new McapWriter(file, McapCompression.Zstd, chunkSize: 2000))
        {
            writer.AddTopic("/r", TestBags.StringType, TestBags.StringSchema);
            for (int i = 0; i < 100; i++) { var b = new byte[100]; random.NextBytes(b); writer.Write("/r", i, b); }
        }
        byte[] bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
        using var reader = new McapReader(file);
        // 100 messages of 131 bytes (31 + 100) make chunks of 16 messages (16 × 131 = 2096 ≥ 2000); half the file
        // holds some of those whole chunks, never a partial one.
        Assert.InRange(reader.MessageCount, 16, 64);
        Assert.Equal(0, reader.MessageCount % 16);
        Assert.Equal(Enumerable.Range(0, (int)reader.MessageCount).Select(i => (long)i), reader.ReadMessages().Select(m => m.LogTimeNs));
        Assert.Contains("read up to the last complete record", Assert.Single(reader.Warnings));
    }

    [Fact]
    public void File_shorter_than_the_magic_or_with_another_magic_is_refused()
    {
        using var temp = new TempFolder();
        string file = temp.File("bad.mcap");
        File.WriteAllBytes(file, [0x89, (byte)'M', (byte)'C']);
        Assert.Contains("magic", Assert.Throws<BagException>(() => new McapReader(file)).Message);
        File.WriteAllBytes(file, "PK\u0003\u0004 this is a zip, not an mcap"u8.ToArray());
        var e = Assert.Throws<BagException>(() => new McapReader(file));
        Assert.Contains(file, e.Message);
    }

    [Fact]
    public void Chunk_with_a_wrong_crc_is_reported_as_corrupt()
    {
        using var temp = new TempFolder();
        string file = temp.File("crc.mcap");
        McapLayoutTests.WriteOnePerChunk(file, 1, 8);
        byte[] bytes = File.ReadAllBytes(file);
        // Flip one payload byte inside the uncompressed chunk: 160 + 49 + 31 is the first payload byte.
        bytes[McapLayoutTests.DataStart + 49 + 31] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
        Assert.Contains("CRC32", Assert.Throws<BagException>(() => new McapReader(file)).Message);
    }
}
