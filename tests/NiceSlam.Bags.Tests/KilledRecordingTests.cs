using Microsoft.Data.Sqlite;
using NiceSlam.Bags.Mcap;
using NiceSlam.Bags.Sqlite;

namespace NiceSlam.Bags.Tests;

/// <summary>What a recording killed at any instant leaves must read up to its last complete record or commit
/// (the processes themselves are killed in tests/NiceSlam.KilledWrites.Tests).</summary>
public class KilledRecordingTests
{
    private static byte[] Payload(int i) => [0, 1, 0, 0, (byte)i, 0, 0, 0];

    [Fact]
    public void McapChunksAreWrittenOutByAgeSoAnUnclosedFileReadsEveryWrite()
    {
        using var tmp = new TempFolder();
        string file = tmp.File("open.mcap");
        using var writer = new McapWriter(file, McapCompression.Zstd, chunkInterval: TimeSpan.Zero);
        writer.AddTopic("/t", "std_msgs/msg/String", "string data");
        for (int i = 0; i < 5; i++)
        {
            writer.Write("/t", 1000 + i, Payload(i));
            // Read while the writer is still open (as after a kill): no footer, every message so far.
            using var reader = new McapReader(file);
            Assert.Equal(i + 1, reader.MessageCount);
            Assert.Equal(Payload(i), reader.ReadMessages().Last().Data);
            Assert.Contains(reader.Warnings, w => w.Contains("truncated"));
        }
    }

    [Fact]
    public void McapChunksStayOpenUntilTheirSizeOrAgeIsReached()
    {
        using var tmp = new TempFolder();
        string file = tmp.File("slow.mcap");
        using var writer = new McapWriter(file, McapCompression.None, chunkInterval: TimeSpan.FromHours(1));
        writer.AddTopic("/t", "std_msgs/msg/String", "string data");
        writer.Write("/t", 1000, Payload(0));
        using var reader = new McapReader(file);
        Assert.Equal(0, reader.MessageCount);      // still in the open chunk; header and topic are out
        Assert.Equal("/t", Assert.Single(reader.Topics).Name);
        Assert.Equal(TimeSpan.FromHours(1), writer.ChunkInterval);
        Assert.Equal(McapWriter.DefaultChunkInterval, new McapWriter(tmp.File("d.mcap")).ChunkInterval);
    }

    [Fact]
    public void Db3CommitsByAgeInWalModeSoAnUnclosedFileReadsEveryCommit()
    {
        using var tmp = new TempFolder();
        string file = tmp.File("open.db3");
        using (var writer = new Db3BagWriter(file, maxTransactionAge: TimeSpan.Zero))
        {
            writer.AddTopic("/t", "std_msgs/msg/String", "");
            for (int i = 0; i < 3; i++) writer.Write("/t", 1000 + i, Payload(i));
            Assert.True(File.Exists(file + "-wal"));
            using var reader = new Db3BagReader(file);
            Assert.Equal(3, reader.MessageCount);
            Assert.Equal(Payload(2), reader.ReadMessages().Last().Data);
        }
        // Closed: one plain file again (rollback-journal mode), nothing beside it but metadata.yaml.
        Assert.False(File.Exists(file + "-wal"));
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("delete", (string)mode.ExecuteScalar()!);
    }

    [Fact]
    public void ADb3LeftWithAHotRollbackJournalReadsUpToItsLastCommitWithoutChangingIt()
    {
        using var tmp = new TempFolder();
        string source = tmp.File("written.db3");
        using (var writer = new Db3BagWriter(source))
        {
            writer.AddTopic("/t", "std_msgs/msg/String", "");
            for (int i = 0; i < 4; i++) writer.Write("/t", 1000 + i, Payload(i));
        }
        // A writer in rollback-journal mode in the middle of a large transaction (pages spilled into the file),
        // captured as a kill would leave it: the database and its journal copied while the transaction is open.
        string killed = Path.Combine(tmp.Path, "killed");
        Directory.CreateDirectory(killed);
        string file = Path.Combine(killed, "killed_0.db3");
        using (var connection = new SqliteConnection($"Data Source={source};Pooling=False"))
        {
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using (var small = connection.CreateCommand())
            {
                small.CommandText = "PRAGMA cache_size=2;";
                small.ExecuteNonQuery();
            }
            for (int i = 0; i < 200; i++)
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO messages (timestamp, topic_id, data) VALUES ($t, 1, $d);";
                insert.Parameters.AddWithValue("$t", 5000 + i);
                insert.Parameters.AddWithValue("$d", new byte[4000]);
                insert.ExecuteNonQuery();
            }
            File.Copy(source, file);
            File.Copy(source + "-journal", file + "-journal");
        }
        byte[] before = File.ReadAllBytes(file);
        using (var reader = new Db3BagReader(file))
        {
            Assert.Equal(4, reader.MessageCount);
            Assert.Equal(Enumerable.Range(0, 4).Select(Payload), reader.ReadMessages().Select(m => m.Data));
            Assert.Contains(reader.Warnings, w => w.Contains("rolled back on a temporary copy"));
        }
        Assert.Equal(before, File.ReadAllBytes(file));               // the input is left as it was
        Assert.True(File.Exists(file + "-journal"));
        // Reindexing such a folder works too, and says what it read around.
        var result = BagReindexer.Reindex(killed);
        Assert.Equal(4, result.Metadata.MessageCount);
        Assert.Contains(result.Warnings, w => w.Contains("killed_0.db3") && w.Contains("rollback journal"));
    }
}
