using System.Globalization;
using NiceSlam.Shared;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NiceSlam.Bags;

/// <summary>Reads and writes rosbag2's <c>metadata.yaml</c>.</summary>
public static class BagMetadataFile
{
    /// <summary>The file name rosbag2 gives it inside the bag folder.</summary>
    public const string FileName = "metadata.yaml";

    private const string RootKey = "rosbag2_bagfile_information";

    /// <summary>Writes <paramref name="metadata"/> as <c>folder/metadata.yaml</c>, all at once (<see cref="AtomicFile"/>):
    /// a writer killed meanwhile leaves no half metadata that would be read as the bag's.</summary>
    public static void Write(string folder, BagMetadata metadata)
    {
        var info = new YamlMappingNode
        {
            { "version", Number(metadata.Version) },
            { "storage_identifier", Text(metadata.StorageIdentifier) },
            { "duration", new YamlMappingNode { { "nanoseconds", Number(metadata.DurationNs) } } },
            { "starting_time", new YamlMappingNode { { "nanoseconds_since_epoch", Number(metadata.StartingTimeNs) } } },
            { "message_count", Number(metadata.MessageCount) },
        };
        var topics = new YamlSequenceNode();
        foreach (var topic in metadata.Topics)
            topics.Add(new YamlMappingNode
            {
                {
                    "topic_metadata", new YamlMappingNode
                    {
                        { "name", Text(topic.Name) },
                        { "type", Text(topic.Type) },
                        { "serialization_format", Text(topic.SerializationFormat) },
                        { "offered_qos_profiles", Text(topic.OfferedQosProfiles) },
                    }
                },
                { "message_count", Number(topic.MessageCount) },
            });
        info.Add("topics_with_message_count", topics);
        info.Add("compression_format", Text(metadata.CompressionFormat));
        info.Add("compression_mode", Text(metadata.CompressionMode));
        info.Add("relative_file_paths", new YamlSequenceNode(metadata.RelativeFilePaths.Select(p => (YamlNode)Text(p))));
        var files = new YamlSequenceNode();
        foreach (var file in metadata.Files)
            files.Add(new YamlMappingNode
            {
                { "path", Text(file.Path) },
                { "starting_time", new YamlMappingNode { { "nanoseconds_since_epoch", Number(file.StartingTimeNs) } } },
                { "duration", new YamlMappingNode { { "nanoseconds", Number(file.DurationNs) } } },
                { "message_count", Number(file.MessageCount) },
            });
        info.Add("files", files);

        var stream = new YamlStream(new YamlDocument(new YamlMappingNode { { RootKey, info } }));
        AtomicFile.WriteText(Path.Combine(folder, FileName), writer => stream.Save(writer, assignAnchors: false));
    }

    /// <summary>Reads <c>metadata.yaml</c> (any rosbag2 metadata version: QoS profiles as text or as a list).</summary>
    /// <param name="path">The metadata.yaml file.</param>
    public static BagMetadata Read(string path)
    {
        YamlMappingNode info;
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path)) stream.Load(new DepthLimitedYamlParser(reader));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
                || !root.Children.TryGetValue(new YamlScalarNode(RootKey), out var node) || node is not YamlMappingNode mapping)
                throw new BagException($"{path}: expected a mapping '{RootKey}' at the top, found none");
            info = mapping;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's representation model throws InvalidOperationException and ArgumentException, not only
            // YamlException, on some malformed documents.
            throw new BagException($"{path}: not valid YAML ({e.Message})", e);
        }

        try
        {
            var topics = new List<BagTopic>();
            if (Child(info, "topics_with_message_count") is YamlSequenceNode topicList)
                foreach (var entry in topicList.OfType<YamlMappingNode>())
                {
                    var topic = Child(entry, "topic_metadata") as YamlMappingNode
                        ?? throw new BagException($"{path}: a topics_with_message_count entry lacks topic_metadata");
                    topics.Add(new BagTopic(
                        Scalar(topic, "name", path), Scalar(topic, "type", path),
                        OptionalScalar(topic, "serialization_format") ?? "cdr",
                        Integer(entry, "message_count", path),
                        QosText(Child(topic, "offered_qos_profiles"))));
                }
            var files = new List<BagFileInfo>();
            if (Child(info, "files") is YamlSequenceNode fileList)
                foreach (var entry in fileList.OfType<YamlMappingNode>())
                    files.Add(new BagFileInfo(Scalar(entry, "path", path),
                        Nested(entry, "starting_time", "nanoseconds_since_epoch", path),
                        Nested(entry, "duration", "nanoseconds", path), Integer(entry, "message_count", path)));
            var relative = Child(info, "relative_file_paths") is YamlSequenceNode relativeList
                ? relativeList.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList()
                : [];
            return new BagMetadata
            {
                Version = (int)Integer(info, "version", path),
                StorageIdentifier = Scalar(info, "storage_identifier", path),
                RelativeFilePaths = relative,
                DurationNs = Nested(info, "duration", "nanoseconds", path),
                StartingTimeNs = Nested(info, "starting_time", "nanoseconds_since_epoch", path),
                MessageCount = Integer(info, "message_count", path),
                Topics = topics,
                Files = files,
                CompressionFormat = OptionalScalar(info, "compression_format") ?? "",
                CompressionMode = OptionalScalar(info, "compression_mode") ?? "",
            };
        }
        catch (FormatException e)
        {
            throw new BagException($"{path}: {e.Message}", e);
        }
    }

    private static YamlScalarNode Number(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    private static YamlScalarNode Text(string value) =>
        new(value) { Style = value.Length == 0 || value.Contains('\n') || value.Contains(':') ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? OptionalScalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private static string Scalar(YamlMappingNode node, string key, string path) =>
        OptionalScalar(node, key) ?? throw new BagException($"{path}: expected a value for '{key}', found none");

    private static long Integer(YamlMappingNode node, string key, string path)
    {
        string text = Scalar(node, key, path);
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new BagException($"{path}: expected an integer for '{key}', found '{text}'");
    }

    private static long Nested(YamlMappingNode node, string key, string inner, string path) =>
        Child(node, key) is YamlMappingNode mapping
            ? Integer(mapping, inner, path)
            : throw new BagException($"{path}: expected '{key}' with '{inner}', found none");

    /// <summary>QoS profiles are a YAML string up to metadata version 8 and a YAML list from version 9.</summary>
    private static string QosText(YamlNode? node)
    {
        switch (node)
        {
            case null: return "";
            case YamlScalarNode scalar: return scalar.Value ?? "";
            default:
                var writer = new StringWriter();
                new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
                return writer.ToString().TrimEnd('\n', '.', ' ').TrimEnd();
        }
    }
}
