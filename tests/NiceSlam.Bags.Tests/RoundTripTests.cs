using NiceSlam.Bags.Mcap;
using NiceSlam.Bags.Sqlite;

namespace NiceSlam.Bags.Tests;

public class RoundTripTests
{
    public static TheoryData<BagStorage, McapCompression> Storages => new()
    {
        { BagStorage.Sqlite3, McapCompression.Zstd },
        { BagStorage.Mcap, McapCompression.None },
        { BagStorage.Mcap, McapCompression.Zstd },
        { BagStorage.Mcap, McapCompression.Lz4 },
    };

    [Theory]
    [MemberData(nameof(Storages))]
    public void Written_bag_reads_back_in_time_order_with_topics_and_counts(BagStorage storage, McapCompression compression)
    {
        using var temp = new TempFolder();
        string folder = temp.File("run1");
        using (var writer = BagFolder.Create(folder, storage, compression)) TestBags.WriteInterleaved(writer);

        string expectedFile = storage == BagStorage.Sqlite3 ? "run1_0.db3" : "run1_0.mcap";
        Assert.True(File.Exists(Path.Combine(folder, expectedFile)));
        using var reader = BagFolder.Open(folder);
        Assert.Equal(storage == BagStorage.Sqlite3 ? "sqlite3" : "mcap", reader.StorageId);
        Assert.Empty(reader.Warnings);
        Assert.Equal(6, reader.MessageCount);
        Assert.Equal(10, reader.StartTimeNs);
        Assert.Equal(40, reader.EndTimeNs);
        Assert.Equal(2, reader.Topics.Count);
        Assert.Equal(new BagTopic("/a", TestBags.StringType, "cdr", 4), reader.Topics[0]);
        Assert.Equal(new BagTopic("/b", TestBags.ImuType, "cdr", 2), reader.Topics[1]);
        TestBags.AssertMessages(TestBags.InterleavedByTime, reader.ReadMessages());
        // Only /b: 15 (2) and 40 (empty).
        TestBags.AssertMessages([("/b", 15, [2]), ("/b", 40, [])], reader.ReadMessages(new HashSet<string> { "/b" }));
        Assert.Empty(reader.ReadMessages(new HashSet<string> { "/nothing" }));
    }

    [Theory]
    [InlineData(McapCompression.None)]
    [InlineData(McapCompression.Zstd)]
    [InlineData(McapCompression.Lz4)]
    public void Mcap_with_many_chunks_keeps_every_payload(McapCompression compression)
    {
        using var temp = new TempFolder();
        string file = temp.File("many.mcap");
        var random = new Random(7);
        var payloads = Enumerable.Range(0, 300).Select(i => { var b = new byte[random.Next(0, 600)]; random.NextBytes(b); return b; }).ToArray();
        using (var writer = new McapWriter(file, compression, chunkSize: 4096))
        {
            writer.AddTopic("/x", TestBags.StringType, TestBags.StringSchema);
            writer.AddTopic("/y", TestBags.StringType, TestBags.StringSchema);
            // Times descend so the reader has to reorder across chunks: message i at (300 - i) µs.
            for (int i = 0; i < payloads.Length; i++) writer.Write(i % 3 == 0 ? "/y" : "/x", (300 - i) * 1000L, payloads[i]);
        }
        using var reader = new McapReader(file);
        Assert.Empty(reader.Warnings);
        var read = reader.ReadMessages().ToList();
        Assert.Equal(300, read.Count);
        for (int k = 0; k < 300; k++)
        {
            int i = 299 - k;
            Assert.Equal((300 - i) * 1000L, read[k].LogTimeNs);
            Assert.Equal(payloads[i], read[k].Data);
        }
        Assert.Equal(100, reader.Topics.Single(t => t.Name == "/y").MessageCount);
    }

    [Theory]
    [InlineData(McapCompression.Zstd)]
    [InlineData(McapCompression.Lz4)]
    public void Compressed_chunks_shrink_repetitive_payloads(McapCompression compression)
    {
        using var temp = new TempFolder();
        // 200 messages of 1000 zero bytes: 200 kB of payload; both codecs shrink runs of zeros far below a tenth.
        long Size(McapCompression c, string name)
        {
            string file = temp.File(name);
            using (var writer = new McapWriter(file, c))
            {
                writer.AddTopic("/z", TestBags.StringType, TestBags.StringSchema);
                for (int i = 0; i < 200; i++) writer.Write("/z", i, new byte[1000]);
            }
            using var reader = new McapReader(file);
            Assert.All(reader.ReadMessages(), m => Assert.Equal(new byte[1000], m.Data));
            return new FileInfo(file).Length;
        }
        long plain = Size(McapCompression.None, "plain.mcap");
        long packed = Size(compression, "packed.mcap");
        Assert.True(plain > 200_000, $"uncompressed file is {plain} bytes");
        Assert.True(packed < 20_000, $"{compression} file is {packed} bytes");
    }

    [Fact]
    public void Writing_to_an_unknown_topic_or_twice_into_a_folder_is_refused()
    {
        using var temp = new TempFolder();
        string folder = temp.File("bag");
        using (var writer = BagFolder.Create(folder, BagStorage.Sqlite3))
        {
            var e = Assert.Throws<ArgumentException>(() => writer.Write("/nope", 1, [1]));
            Assert.Contains("/nope", e.Message);
        }
        Assert.Throws<BagException>(() => BagFolder.Create(folder, BagStorage.Mcap));
    }

    [Fact]
    public void Db3_file_has_the_rosbag2_tables()
    {
        using var temp = new TempFolder();
        string file = temp.File("b.db3");
        using (var writer = new Db3BagWriter(file)) TestBags.WriteInterleaved(writer);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name;";
        var names = new List<string>();
        using (var rows = command.ExecuteReader()) while (rows.Read()) names.Add(rows.GetString(0));
        Assert.Equal(["messages", "timestamp_idx", "topics"], names);
        command.CommandText = "SELECT t.name, m.timestamp, length(m.data) FROM messages m JOIN topics t ON t.id = m.topic_id ORDER BY m.id LIMIT 1;";
        using var first = command.ExecuteReader();
        Assert.True(first.Read());
        // The first message written: /a at 30 ns with 2 bytes.
        Assert.Equal(("/a", 30L, 2L), (first.GetString(0), first.GetInt64(1), first.GetInt64(2)));
    }
}
