namespace NiceSlam.Bags;

/// <summary>Reads a bag: its topics, time span and messages in log-time order.</summary>
public interface IBagReader : IDisposable
{
    /// <summary>The topics, in the order the bag lists them.</summary>
    IReadOnlyList<BagTopic> Topics { get; }

    /// <summary>Messages in the bag (all topics).</summary>
    long MessageCount { get; }

    /// <summary>Log time of the earliest message, nanoseconds; 0 when the bag is empty.</summary>
    long StartTimeNs { get; }

    /// <summary>Log time of the latest message, nanoseconds; 0 when the bag is empty.</summary>
    long EndTimeNs { get; }

    /// <summary>The rosbag2 storage identifier: "sqlite3" or "mcap".</summary>
    string StorageId { get; }

    /// <summary>What was wrong but could be read around (for example a truncated file).</summary>
    IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// The messages in log-time order (messages with equal times in file order), optionally only those on
    /// <paramref name="topics"/>. Each call reads the bag again.
    /// </summary>
    IEnumerable<BagMessage> ReadMessages(IReadOnlySet<string>? topics = null);
}
