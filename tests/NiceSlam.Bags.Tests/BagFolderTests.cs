using Microsoft.Data.Sqlite;
using NiceSlam.Bags.Mcap;
using NiceSlam.Bags.Sqlite;

namespace NiceSlam.Bags.Tests;

public class BagFolderTests
{
    [Fact]
    public void Metadata_written_by_the_writer_parses_with_the_expected_counts()
    {
        using var temp = new TempFolder();
        string folder = temp.File("rec");
        using (var writer = BagFolder.Create(folder, BagStorage.Mcap)) TestBags.WriteInterleaved(writer);
        string yaml = File.ReadAllText(Path.Combine(folder, "metadata.yaml"));
        Assert.StartsWith("rosbag2_bagfile_information:", yaml);
        Assert.Contains("version: 5", yaml);
        Assert.Contains("compression_format: \"\"", yaml);

        var metadata = BagMetadataFile.Read(Path.Combine(folder, "metadata.yaml"));
        Assert.Equal(5, metadata.Version);
        Assert.Equal("mcap", metadata.StorageIdentifier);
        Assert.Equal(["rec_0.mcap"], metadata.RelativeFilePaths);
        // Six messages from 10 ns to 40 ns: duration 30 ns; /a has 4, /b has 2.
        Assert.Equal(6, metadata.MessageCount);
        Assert.Equal(10, metadata.StartingTimeNs);
        Assert.Equal(30, metadata.DurationNs);
        Assert.Equal([("/a", TestBags.StringType, 4L), ("/b", TestBags.ImuType, 2L)],
            metadata.Topics.Select(t => (t.Name, t.Type, t.MessageCount)));
        Assert.All(metadata.Topics, t => Assert.Equal("cdr", t.SerializationFormat));
        var file = Assert.Single(metadata.Files);
        Assert.Equal(new BagFileInfo("rec_0.mcap", 10, 30, 6), file);
        Assert.Equal("", metadata.CompressionFormat);
    }

    [Fact]
    public void Metadata_from_newer_rosbag2_with_qos_as_a_list_is_read()
    {
        using var temp = new TempFolder();
        // Version 9 (Jazzy) writes offered_qos_profiles as a YAML list and adds fields this library ignores.
        File.WriteAllText(temp.File("metadata.yaml"), """
            rosbag2_bagfile_information:
              version: 9
              storage_identifier: mcap
              duration:
                nanoseconds: 2000
              starting_time:
                nanoseconds_since_epoch: 1700000000000000000
              message_count: 3
              topics_with_message_count:
                - topic_metadata:
                    name: /camera/depth
                    type: sensor_msgs/msg/Image
                    serialization_format: cdr
                    offered_qos_profiles:
                      - history: keep_last
                        depth: 5
                    type_description_hash: RIHS01_abc
                  message_count: 3
              compression_format: ""
              compression_mode: ""
              relative_file_paths:
                - x_0.mcap
              files: []
              custom_data: ~
              ros_distro: jazzy
            """);
        var metadata = BagMetadataFile.Read(temp.File("metadata.yaml"));
        Assert.Equal(9, metadata.Version);
        var topic = Assert.Single(metadata.Topics);
        Assert.Equal(new BagTopic("/camera/depth", "sensor_msgs/msg/Image", "cdr", 3, topic.OfferedQosProfiles), topic);
        Assert.Contains("depth: 5", topic.OfferedQosProfiles);
        Assert.Equal(1700000000000000000, metadata.StartingTimeNs);
    }

    [Fact]
    public void Unknown_storage_identifier_is_named_in_the_error()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("metadata.yaml"), """
            rosbag2_bagfile_information:
              version: 5
              storage_identifier: rosbag_v2
              duration: {nanoseconds: 0}
              starting_time: {nanoseconds_since_epoch: 0}
              message_count: 0
              topics_with_message_count: []
              relative_file_paths: [a.bag]
            """);
        var e = Assert.Throws<BagException>(() => BagFolder.Open(temp.Path));
        Assert.Contains("rosbag_v2", e.Message);
        Assert.Contains("metadata.yaml", e.Message);
    }

    [Fact]
    public void Garbage_file_is_refused_whatever_its_name()
    {
        using var temp = new TempFolder();
        foreach (string name in new[] { "noise.db3", "noise.mcap", "noise.bin" })
        {
            string file = temp.File(name);
            File.WriteAllBytes(file, Enumerable.Range(0, 64).Select(i => (byte)(i * 37)).ToArray());
            var e = Assert.Throws<BagException>(() => BagFolder.Open(file));
            Assert.Contains(name, e.Message);
            File.Delete(file);
        }
        Assert.Throws<BagException>(() => BagFolder.Open(temp.File("missing")));
    }

    [Fact]
    public void Single_files_and_folders_without_metadata_open_by_content()
    {
        using var temp = new TempFolder();
        string db3 = temp.File("one/x.db3");
        Directory.CreateDirectory(temp.File("one"));
        using (var writer = new Db3BagWriter(db3)) TestBags.WriteInterleaved(writer);
        File.Delete(temp.File("one/metadata.yaml"));
        // An MCAP file named .db3 is still read as MCAP: the magic decides.
        string disguised = temp.File("disguised.db3");
        using (var writer = new McapWriter(disguised)) TestBags.WriteInterleaved(writer);

        using (var folder = BagFolder.Open(temp.File("one"))) Assert.Equal(("sqlite3", 6L), (folder.StorageId, folder.MessageCount));
        using (var file = BagFolder.Open(db3)) Assert.Equal("sqlite3", file.StorageId);
        using (var mcap = BagFolder.Open(disguised))
        {
            Assert.Equal("mcap", mcap.StorageId);
            TestBags.AssertMessages(TestBags.InterleavedByTime, mcap.ReadMessages());
        }
    }

    [Fact]
    public void Several_files_listed_in_metadata_read_as_one_bag_in_order()
    {
        using var temp = new TempFolder();
        using (var first = new McapWriter(temp.File("s_0.mcap")))
        {
            first.AddTopic("/a", TestBags.StringType, TestBags.StringSchema);
            first.Write("/a", 5, [1]);
            first.Write("/a", 6, [2]);
        }
        using (var second = new McapWriter(temp.File("s_1.mcap")))
        {
            second.AddTopic("/a", TestBags.StringType, TestBags.StringSchema);
            second.AddTopic("/b", TestBags.ImuType, "");
            second.Write("/b", 8, [3]);
            second.Write("/a", 7, [4]);
        }
        BagMetadataFile.Write(temp.Path, new BagMetadata { StorageIdentifier = "mcap", RelativeFilePaths = ["s_0.mcap", "s_1.mcap"] });
        using var reader = BagFolder.Open(temp.Path);
        Assert.Equal(4, reader.MessageCount);
        Assert.Equal((5L, 8L), (reader.StartTimeNs, reader.EndTimeNs));
        Assert.Equal([("/a", 3L), ("/b", 1L)], reader.Topics.Select(t => (t.Name, t.MessageCount)));
        // File s_0 first (5, 6), then s_1 sorted (7, 8).
        TestBags.AssertMessages([("/a", 5, [1]), ("/a", 6, [2]), ("/a", 7, [4]), ("/b", 8, [3])], reader.ReadMessages());
    }

    [Fact]
    public void Truncated_db3_gives_a_bag_exception_with_the_sqlite_message()
    {
        using var temp = new TempFolder();
        string file = temp.File("t.db3");
        using (var writer = new Db3BagWriter(file))
        {
            writer.AddTopic("/big", TestBags.StringType, "");
            for (int i = 0; i < 200; i++) writer.Write("/big", i, new byte[2000]);
        }
        byte[] bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 3)]);
        var e = Assert.Throws<BagException>(() =>
        {
            using var reader = BagFolder.Open(file);
            _ = reader.ReadMessages().Count();
        });
        Assert.Contains(file, e.Message);
        Assert.IsType<SqliteException>(e.InnerException);
    }

    [Fact]
    public void Db3_of_schema_version_4_with_type_description_hash_is_read()
    {
        using var temp = new TempFolder();
        string file = temp.File("jazzy.db3");
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The tables of rosbag2 Jazzy's sqlite_storage.cpp (schema version 4).
            command.CommandText = """
                CREATE TABLE schema(schema_version INTEGER PRIMARY KEY, ros_distro TEXT NOT NULL);
                CREATE TABLE metadata(id INTEGER PRIMARY KEY, metadata_version INTEGER NOT NULL, metadata TEXT NOT NULL);
                CREATE TABLE topics(id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, serialization_format TEXT NOT NULL, offered_qos_profiles TEXT NOT NULL, type_description_hash TEXT NOT NULL);
                CREATE TABLE message_definitions(id INTEGER PRIMARY KEY, topic_type TEXT NOT NULL, encoding TEXT NOT NULL, encoded_message_definition TEXT NOT NULL, type_description_hash TEXT NOT NULL);
                CREATE TABLE messages(id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL, timestamp INTEGER NOT NULL, data BLOB NOT NULL);
                CREATE INDEX timestamp_idx ON messages (timestamp ASC);
                INSERT INTO schema VALUES (4, 'jazzy');
                INSERT INTO topics VALUES (7, '/tf', 'tf2_msgs/msg/TFMessage', 'cdr', '- history: 1', 'RIHS01_00');
                INSERT INTO messages (topic_id, timestamp, data) VALUES (7, 300, x'0102'), (7, 100, x'03'), (7, 300, x'04');
                """;
            command.ExecuteNonQuery();
        }
        using var reader = BagFolder.Open(file);
        Assert.Equal(new BagTopic("/tf", "tf2_msgs/msg/TFMessage", "cdr", 3, "- history: 1"), Assert.Single(reader.Topics));
        Assert.Equal((100L, 300L), (reader.StartTimeNs, reader.EndTimeNs));
        // ORDER BY timestamp, id: 100 (03), then the two at 300 in insertion order (0102, 04).
        TestBags.AssertMessages([("/tf", 100, [3]), ("/tf", 300, [1, 2]), ("/tf", 300, [4])], reader.ReadMessages());
    }

    [Fact]
    public void Info_lists_storage_span_count_and_topics()
    {
        using var temp = new TempFolder();
        string folder = temp.File("info");
        using (var writer = BagFolder.Create(folder, BagStorage.Sqlite3))
        {
            writer.AddTopic("/a", TestBags.StringType, TestBags.StringSchema);
            writer.Write("/a", 1_700_000_000_250_000_000, [1]);
            writer.Write("/a", 1_700_000_001_750_000_000, [2]);
        }
        using var reader = BagFolder.Open(folder);
        string text = BagInfo.Describe(reader, folder);
        Assert.Contains("Files:             info_0.db3", text);
        Assert.Contains("Storage id:        sqlite3", text);
        // 1.75 − 0.25 = 1.5 s; 1700000000 s after the epoch is 2023-11-14 22:13:20 UTC.
        Assert.Contains("Duration:          1.500000000s", text);
        Assert.Contains("Start:             Nov 14 2023 22:13:20.250000000 (1700000000.250000000)", text);
        Assert.Contains("Messages:          2", text);
        Assert.Contains("Topic: /a | Type: std_msgs/msg/String | Count: 2 | Serialization Format: cdr", text);
    }
}
