namespace NiceSlam.Bags;

/// <summary>
/// A bag split over several storage files (rosbag2's <c>relative_file_paths</c>), read as one: topics merged by
/// name with their counts added, messages file after file (each file in log-time order).
/// </summary>
internal sealed class MultiFileBagReader : IBagReader
{
    private readonly IReadOnlyList<IBagReader> files;

    public MultiFileBagReader(IReadOnlyList<IBagReader> files)
    {
        if (files.Count == 0) throw new ArgumentException("expected at least one file", nameof(files));
        this.files = files;
        Topics = [.. files.SelectMany(f => f.Topics).GroupBy(t => t.Name, StringComparer.Ordinal)
            .Select(g => g.First() with { MessageCount = g.Sum(t => t.MessageCount) })];
        var nonEmpty = files.Where(f => f.MessageCount > 0).ToList();
        MessageCount = files.Sum(f => f.MessageCount);
        StartTimeNs = nonEmpty.Count == 0 ? 0 : nonEmpty.Min(f => f.StartTimeNs);
        EndTimeNs = nonEmpty.Count == 0 ? 0 : nonEmpty.Max(f => f.EndTimeNs);
        Warnings = [.. files.SelectMany(f => f.Warnings)];
    }

    public IReadOnlyList<BagTopic> Topics { get; }
    public long MessageCount { get; }
    public long StartTimeNs { get; }
    public long EndTimeNs { get; }
    public string StorageId => files[0].StorageId;
    public IReadOnlyList<string> Warnings { get; }

    public IEnumerable<BagMessage> ReadMessages(IReadOnlySet<string>? topics = null) =>
        files.SelectMany(f => f.ReadMessages(topics));

    public void Dispose()
    {
        foreach (var f in files) f.Dispose();
    }
}
