using NiceSlam.Bags;

namespace NiceSlam.Cli.Tests;

public sealed class BagCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-bag-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Bag_info_prints_storage_count_duration_and_topics()
    {
        string bag = Path.Combine(dir, "demo");
        using (var writer = BagFolder.Create(bag, BagStorage.Mcap))
        {
            writer.AddTopic("/camera/rgb", "sensor_msgs/msg/Image", "std_msgs/Header header\n");
            writer.AddTopic("/tf", "tf2_msgs/msg/TFMessage", "");
            writer.Write("/camera/rgb", 2_000_000_000, [1, 2, 3]);
            writer.Write("/tf", 2_500_000_000, [4]);
            writer.Write("/camera/rgb", 4_000_000_000, [5]);
        }
        var result = CliProcess.NiceSlam($"bag info \"{bag}\"");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("Storage id:        mcap", result.StdOut);
        // 4 s − 2 s = 2 s from the first to the last message.
        Assert.Contains("Duration:          2.000000000s", result.StdOut);
        Assert.Contains("Messages:          3", result.StdOut);
        Assert.Contains("Topic: /camera/rgb | Type: sensor_msgs/msg/Image | Count: 2 | Serialization Format: cdr", result.StdOut);
        Assert.Contains("Topic: /tf | Type: tf2_msgs/msg/TFMessage | Count: 1", result.StdOut);
    }

    [Fact]
    public void Bag_info_on_a_non_bag_fails_with_the_reason()
    {
        string file = Path.Combine(dir, "notes.txt");
        File.WriteAllText(file, "not a bag");
        var result = CliProcess.NiceSlam($"bag info \"{file}\"");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bag info:", result.StdErr);
        Assert.Contains("not a bag file", result.StdErr);
    }

    [Fact]
    public void Bag_reindex_writes_the_missing_metadata_of_a_split_bag()
    {
        // Two files of one bag whose metadata.yaml is missing (a recording killed, or files copied without it).
        string bag = Path.Combine(dir, "split");
        Directory.CreateDirectory(bag);
        foreach (int k in (int[])[1, 0])
        {
            string part = Path.Combine(dir, $"part{k}");
            using (var writer = BagFolder.Create(part, BagStorage.Sqlite3))
            {
                writer.AddTopic("/tf", "tf2_msgs/msg/TFMessage", "");
                writer.Write("/tf", 1_000_000_000L * (k + 1), [(byte)k]);
            }
            File.Move(Path.Combine(part, $"part{k}_0.db3"), Path.Combine(bag, $"split_{k}.db3"));
        }
        var info = CliProcess.NiceSlam($"bag info \"{bag}\"");
        Assert.Equal(1, info.ExitCode);
        Assert.Contains("bag reindex", info.StdErr);

        var result = CliProcess.NiceSlam($"bag reindex \"{bag}\"");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("metadata.yaml: 2 files, 2 messages, 1 topics", result.StdOut);
        Assert.Contains("Topic: /tf | Type: tf2_msgs/msg/TFMessage | Count: 2", result.StdOut);
        Assert.Equal(["split_0.db3", "split_1.db3"], BagMetadataFile.Read(Path.Combine(bag, "metadata.yaml")).RelativeFilePaths);
        Assert.Equal(0, CliProcess.NiceSlam($"bag info \"{bag}\"").ExitCode);

        var again = CliProcess.NiceSlam($"bag reindex \"{bag}\"");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("exists", again.StdErr);
        Assert.Equal(0, CliProcess.NiceSlam($"bag reindex \"{bag}\" --force").ExitCode);
    }
}
