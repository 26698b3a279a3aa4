namespace NiceSlam.Bags;

/// <summary>
/// What a writer has recorded so far: topics in the order added, messages a topic, time span. Produces the
/// <see cref="BagMetadata"/> a writer puts in metadata.yaml when it is disposed.
/// </summary>
internal sealed class BagWriteTally
{
    private readonly List<(string Name, string Type, string Format, string Qos)> topics = [];
    private readonly Dictionary<string, int> topicIndex = new(StringComparer.Ordinal);
    private readonly List<long> counts = [];

    public long MessageCount { get; private set; }
    public long StartTimeNs { get; private set; }
    public long EndTimeNs { get; private set; }

    public bool HasTopic(string name) => topicIndex.ContainsKey(name);

    /// <summary>Registers a topic; throws when the name is empty or already added with another type.</summary>
    public bool AddTopic(string name, string type, string serializationFormat, string offeredQos = "")
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("topic name must not be empty", nameof(name));
        if (string.IsNullOrWhiteSpace(type)) throw new ArgumentException($"topic {name}: type must not be empty", nameof(type));
        if (topicIndex.TryGetValue(name, out int existing))
        {
            if (topics[existing].Type != type)
                throw new ArgumentException($"topic {name} was added with type {topics[existing].Type}, now {type}", nameof(type));
            return false;
        }
        topicIndex[name] = topics.Count;
        topics.Add((name, type, serializationFormat, offeredQos));
        counts.Add(0);
        return true;
    }

    /// <summary>Counts one message; throws when its topic was not added.</summary>
    public void Count(string topic, long logTimeNs)
    {
        if (!topicIndex.TryGetValue(topic, out int index))
            throw new ArgumentException($"topic {topic} was not added: call AddTopic before writing its messages", nameof(topic));
        if (logTimeNs < 0) throw new ArgumentOutOfRangeException(nameof(logTimeNs), logTimeNs, "log time must be ≥ 0 ns");
        counts[index]++;
        if (MessageCount == 0 || logTimeNs < StartTimeNs) StartTimeNs = logTimeNs;
        if (MessageCount == 0 || logTimeNs > EndTimeNs) EndTimeNs = logTimeNs;
        MessageCount++;
    }

    public IReadOnlyList<BagTopic> Topics() =>
        [.. topics.Select((t, i) => new BagTopic(t.Name, t.Type, t.Format, counts[i], t.Qos))];

    /// <summary>The metadata of a one-file bag.</summary>
    public BagMetadata Metadata(string storageIdentifier, string fileName)
    {
        long duration = MessageCount == 0 ? 0 : EndTimeNs - StartTimeNs;
        return new BagMetadata
        {
            StorageIdentifier = storageIdentifier,
            RelativeFilePaths = [fileName],
            DurationNs = duration,
            StartingTimeNs = StartTimeNs,
            MessageCount = MessageCount,
            Topics = Topics(),
            Files = [new BagFileInfo(fileName, StartTimeNs, duration, MessageCount)],
        };
    }
}
