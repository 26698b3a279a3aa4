namespace NiceSlam.Bags;

/// <summary>
/// The content of a rosbag2 folder's <c>metadata.yaml</c> (<c>rosbag2_bagfile_information</c>): storage plugin,
/// files relative to the folder, time span in nanoseconds, message counts by topic.
/// </summary>
public sealed record BagMetadata
{
    /// <summary>The metadata format version this library writes (rosbag2 Foxy/Galactic; newer rosbag2 reads it).</summary>
    public const int WrittenVersion = 5;

    public int Version { get; init; } = WrittenVersion;
    public string StorageIdentifier { get; init; } = "";
    public IReadOnlyList<string> RelativeFilePaths { get; init; } = [];
    public long DurationNs { get; init; }
    public long StartingTimeNs { get; init; }
    public long MessageCount { get; init; }
    public IReadOnlyList<BagTopic> Topics { get; init; } = [];
    public IReadOnlyList<BagFileInfo> Files { get; init; } = [];
    public string CompressionFormat { get; init; } = "";
    public string CompressionMode { get; init; } = "";
}
