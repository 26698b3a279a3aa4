using System.Globalization;
using System.Text.RegularExpressions;
using NiceSlam.Bags.Mcap;
using NiceSlam.Bags.Sqlite;

namespace NiceSlam.Bags;

/// <summary>What <see cref="BagReindexer.Rebuild"/> found: the metadata and what could only be read around.</summary>
public sealed record ReindexResult(BagMetadata Metadata, IReadOnlyList<string> Warnings);

/// <summary>
/// Rebuilds a bag folder's missing metadata.yaml from its storage files, as <c>ros2 bag reindex</c> does
/// (rosbag2_cpp's Reindexer): the files named <c>&lt;anything&gt;_&lt;N&gt;.db3</c> or <c>.mcap</c> are the bag,
/// in the order of N (numerically: _2 before _10); each is opened and its topics (merged by name, counts added,
/// the last file's non-empty QoS kept), message count and time span are gathered; the storage is told by the files'
/// content and must be the same for all. A folder whose only bag file is named otherwise is that one file.
/// Deviation: the duration is the span from the first message to the last, where rosbag2 adds the files' own
/// durations. Files cut short (a recording killed) are read up to their last complete record, with a warning.
/// </summary>
public static class BagReindexer
{
    private static readonly Regex SplitFileName = new(@"^.+_(\d+)\.(db3|mcap)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The storage files of <paramref name="folder"/> in bag order.</summary>
    /// <exception cref="BagException">No bag files, or several of which some do not follow the naming.</exception>
    public static IReadOnlyList<string> StorageFiles(string folder)
    {
        string full = Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new BagException($"{full}: no such bag folder");
        var bagFiles = Directory.EnumerateFiles(full)
            .Where(f => f.EndsWith(Db3Schema.Extension, StringComparison.OrdinalIgnoreCase) || f.EndsWith(McapFormat.Extension, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (bagFiles.Count == 0) throw new BagException($"{full}: no .db3 or .mcap files to reindex");
        if (bagFiles.Count == 1) return bagFiles;
        var named = bagFiles.Select(f => (File: f, Match: SplitFileName.Match(Path.GetFileName(f)))).ToList();
        if (named.FirstOrDefault(n => !n.Match.Success) is { File: { } odd })
            throw new BagException($"{full}: {Path.GetFileName(odd)} does not follow rosbag2's <name>_<N>.db3/.mcap naming, so its place among the {bagFiles.Count} bag files is unknown");
        var ordered = named
            .Select(n => (n.File, Number: System.Numerics.BigInteger.Parse(n.Match.Groups[1].Value, CultureInfo.InvariantCulture)))
            .OrderBy(n => n.Number).ThenBy(n => n.File, StringComparer.Ordinal)
            .ToList();
        if (ordered.GroupBy(n => n.Number).FirstOrDefault(g => g.Count() > 1) is { } same)
            throw new BagException($"{full}: {string.Join(" and ", same.Select(n => Path.GetFileName(n.File)))} have the same number {same.Key}");
        return [.. ordered.Select(n => n.File)];
    }

    /// <summary>The metadata of the bag in <paramref name="folder"/>, from its storage files.</summary>
    /// <exception cref="BagException">No bag files, files of different storage, or a file that cannot be read.</exception>
    public static ReindexResult Rebuild(string folder)
    {
        var files = StorageFiles(folder);
        var storages = files.Select(f => (File: f, Storage: BagFolder.DetectStorage(f))).ToList();
        if (storages.Select(s => s.Storage).Distinct().Count() > 1)
            throw new BagException($"{Path.GetFullPath(folder)}: the bag files mix storages ({string.Join(", ", storages.Select(s => $"{Path.GetFileName(s.File)}: {s.Storage}"))})");
        var storage = storages[0].Storage;

        var topics = new List<BagTopic>();
        var topicIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var fileInfos = new List<BagFileInfo>();
        var warnings = new List<string>();
        long start = long.MaxValue, end = long.MinValue, messages = 0;
        foreach (string file in files)
        {
            using IBagReader reader = storage == BagStorage.Sqlite3 ? new Db3BagReader(file) : new McapReader(file);
            string name = Path.GetFileName(file);
            warnings.AddRange(reader.Warnings.Select(w => $"{name}: {w}"));
            foreach (var topic in reader.Topics)
            {
                if (!topicIndex.TryGetValue(topic.Name, out int i))
                {
                    topicIndex[topic.Name] = topics.Count;
                    topics.Add(topic);
                    continue;
                }
                var known = topics[i];
                if (known.Type != topic.Type && topic.Type.Length > 0)
                    warnings.Add($"{name}: topic {topic.Name} has type {topic.Type}, an earlier file {known.Type}; the later type is kept, as rosbag2 does");
                topics[i] = known with
                {
                    MessageCount = known.MessageCount + topic.MessageCount,
                    Type = topic.Type.Length > 0 ? topic.Type : known.Type,
                    SerializationFormat = topic.SerializationFormat.Length > 0 ? topic.SerializationFormat : known.SerializationFormat,
                    OfferedQosProfiles = topic.OfferedQosProfiles.Length > 0 ? topic.OfferedQosProfiles : known.OfferedQosProfiles,
                };
            }
            long duration = reader.MessageCount == 0 ? 0 : reader.EndTimeNs - reader.StartTimeNs;
            fileInfos.Add(new BagFileInfo(name, reader.StartTimeNs, duration, reader.MessageCount));
            if (reader.MessageCount > 0)
            {
                start = Math.Min(start, reader.StartTimeNs);
                end = Math.Max(end, reader.EndTimeNs);
            }
            messages += reader.MessageCount;
        }
        var metadata = new BagMetadata
        {
            StorageIdentifier = storage == BagStorage.Sqlite3 ? Db3Schema.StorageId : McapFormat.StorageId,
            RelativeFilePaths = [.. files.Select(Path.GetFileName).Cast<string>()],
            StartingTimeNs = messages == 0 ? 0 : start,
            DurationNs = messages == 0 ? 0 : end - start,
            MessageCount = messages,
            Topics = topics,
            Files = fileInfos,
        };
        return new ReindexResult(metadata, warnings);
    }

    /// <summary>Rebuilds the metadata of <paramref name="folder"/> and writes it as its metadata.yaml.</summary>
    /// <param name="overwrite">Replace an existing metadata.yaml (without it, one that exists is an error).</param>
    public static ReindexResult Reindex(string folder, bool overwrite = false)
    {
        string full = Path.GetFullPath(folder);
        string existing = Path.Combine(full, BagMetadataFile.FileName);
        if (File.Exists(existing) && !overwrite)
            throw new BagException($"{existing} exists; reindex rebuilds a missing one (overwrite to replace it)");
        var result = Rebuild(full);
        BagMetadataFile.Write(full, result.Metadata);
        return result;
    }
}
