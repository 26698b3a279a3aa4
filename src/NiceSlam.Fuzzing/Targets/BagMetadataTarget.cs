using NiceSlam.Bags;
using NiceSlam.Bags.Mcap;

namespace NiceSlam.Fuzzing.Targets;

/// <summary>
/// rosbag2's metadata.yaml: a bag folder split over two MCAP files, described by the metadata this library writes
/// (version 5) and by a hand-written one in the newer layout (version 9: QoS profiles as a list, type hashes,
/// custom_data, ros_distro). The mutated text replaces the folder's metadata.yaml; the folder is opened as a bag
/// and every message read. Clean: <see cref="BagException"/> naming the folder's file.
/// </summary>
public sealed class BagMetadataTarget : FuzzTarget
{
    private readonly FuzzSeed[] seeds;

    public BagMetadataTarget()
    {
        Directory.CreateDirectory(BagPath);
        // Two files of one bag: written separately, each with its own metadata, then described together.
        var parts = new List<BagMetadata>();
        for (int i = 0; i < 2; i++)
        {
            string part = Path.Combine(WorkFolder, $"part{i}");
            SampleBag.Write(new McapWriter(Path.Combine(part, $"bag_{i}.mcap"), McapCompression.Zstd));
            File.Move(Path.Combine(part, $"bag_{i}.mcap"), Path.Combine(BagPath, $"bag_{i}.mcap"));
            parts.Add(BagMetadataFile.Read(Path.Combine(part, BagMetadataFile.FileName)));
        }
        var merged = parts[0] with
        {
            RelativeFilePaths = ["bag_0.mcap", "bag_1.mcap"],
            MessageCount = parts.Sum(p => p.MessageCount),
            Topics = [.. parts[0].Topics.Select(t => t with { MessageCount = t.MessageCount * 2 })],
            Files = [.. parts.SelectMany(p => p.Files)],
        };
        BagMetadataFile.Write(BagPath, merged);
        byte[] written = File.ReadAllBytes(Path.Combine(BagPath, BagMetadataFile.FileName));
        seeds = [new FuzzSeed("v5", written, SeedFormat.Text), new FuzzSeed("v9", System.Text.Encoding.UTF8.GetBytes(Version9(merged)), SeedFormat.Text)];
    }

    public override string Name => "metadata";

    public override string Description => "rosbag2 metadata.yaml (versions 5 and 9) of a bag split over two MCAP files, every message read";

    public override string CleanRejection => nameof(BagException);

    public override IReadOnlyList<FuzzSeed> Seeds => seeds;

    private string BagPath => Path.Combine(WorkFolder, "bag");

    public override void Run(FuzzCase input)
    {
        File.WriteAllBytes(Path.Combine(BagPath, BagMetadataFile.FileName), input.Data);
        using var reader = BagFolder.Open(BagPath);
        long bytes = 0;
        foreach (var message in reader.ReadMessages()) bytes += message.Data.Length;
        _ = reader.Topics.Count + bytes;
    }

    public override bool IsCleanRejection(Exception error, FuzzCase input) =>
        error is BagException && error.Message.Contains(BagPath, StringComparison.Ordinal);

    private static string Version9(BagMetadata m)
    {
        const string Qos = """
                    - history: keep_last
                      depth: 10
                      reliability: reliable
                      durability: volatile
                      deadline:
                        sec: 9223372036
                        nsec: 854775807
                      lifespan:
                        sec: 9223372036
                        nsec: 854775807
                      liveliness: automatic
                      liveliness_lease_duration:
                        sec: 9223372036
                        nsec: 854775807
                      avoid_ros_namespace_conventions: false
            """;
        var text = new System.Text.StringBuilder();
        text.Append($"""
            rosbag2_bagfile_information:
              version: 9
              storage_identifier: mcap
              duration:
                nanoseconds: {m.DurationNs}
              starting_time:
                nanoseconds_since_epoch: {m.StartingTimeNs}
              message_count: {m.MessageCount}
              topics_with_message_count:

            """);
        foreach (var t in m.Topics)
            text.Append($"""
                    - topic_metadata:
                        name: {t.Name}
                        type: {t.Type}
                        serialization_format: cdr
                        offered_qos_profiles:
                {Qos}
                        type_description_hash: RIHS01_5ef58f7106a5cff8f5a794028c18117ee21015850ddcc567df449f41932960f8
                      message_count: {t.MessageCount}

                """);
        text.Append("""
              compression_format: ""
              compression_mode: ""
              relative_file_paths:
                - bag_0.mcap
                - bag_1.mcap
              files:

            """);
        foreach (var f in m.Files)
            text.Append($"""
                    - path: {f.Path}
                      starting_time:
                        nanoseconds_since_epoch: {f.StartingTimeNs}
                      duration:
                        nanoseconds: {f.DurationNs}
                      message_count: {f.MessageCount}

                """);
        text.Append("""
              custom_data: ~
              ros_distro: jazzy

            """);
        return text.ToString();
    }
}
