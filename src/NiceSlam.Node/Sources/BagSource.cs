using NiceSlam.Bags;
using NiceSlam.Data.Images;
using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using Path = System.IO.Path;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;

namespace NiceSlam.Node.Sources;

/// <summary>
/// A rosbag2 bag (sqlite3 or MCAP) replayed onto the node's input topics: the colour (sensor_msgs/Image, or
/// CompressedImage decoded to rgb8), depth (Image) and CameraInfo topics, and the optional ground truth
/// (nav_msgs/Odometry, or tf2_msgs/TFMessage whose first transform is taken as the camera pose). Messages are
/// paced by their recorded (log) time; other topics are skipped. A message that does not decode stops the replay
/// with an <see cref="InvalidDataException"/> naming the bag, the topic and the message's time.
/// </summary>
public sealed class BagSource : IRecordedSource
{
    private readonly IBagReader reader;
    private readonly TopicNames topics;
    private readonly int maxFrames;
    private readonly Dictionary<string, string> types;

    private BagSource(IBagReader reader, string path, TopicNames topics, int maxFrames)
    {
        this.reader = reader;
        this.topics = topics;
        this.maxFrames = maxFrames;
        Name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        types = reader.Topics.ToDictionary(t => t.Name, t => t.Type);
        foreach (var (topic, role) in new[] { (topics.Colour, "colour"), (topics.Depth, "depth"), (topics.CameraInfo, "camera info") })
            if (!types.ContainsKey(topic))
                throw new InvalidDataException($"bag {path} has no {role} topic {topic} (topics: {string.Join(", ", types.Keys)}); set the topic parameters");
        Expect(topics.Colour, Image.TypeName, CompressedImage.TypeName);
        Expect(topics.Depth, Image.TypeName);
        Expect(topics.CameraInfo, CameraInfo.TypeName);
        if (types.ContainsKey(topics.GroundTruth)) Expect(topics.GroundTruth, Odometry.TypeName, TFMessage.TypeName);
        FrameCount = (int)Math.Min(reader.Topics.First(t => t.Name == topics.Colour).MessageCount, maxFrames > 0 ? maxFrames : int.MaxValue);
    }

    public static bool IsBag(string path) =>
        (File.Exists(path) && (path.EndsWith(".db3", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".mcap", StringComparison.OrdinalIgnoreCase)))
        || (Directory.Exists(path) && (File.Exists(Path.Combine(path, "metadata.yaml"))
            || Directory.EnumerateFiles(path).Any(f => f.EndsWith(".db3", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".mcap", StringComparison.OrdinalIgnoreCase))));

    public static BagSource Open(string path, TopicNames topics, int maxFrames = 0)
    {
        var reader = BagFolder.Open(path);
        try { return new BagSource(reader, path, topics, maxFrames); }
        catch { reader.Dispose(); throw; }
    }

    public string Name { get; }

    public int? FrameCount { get; }

    public IEnumerable<RecordedMessage> Messages()
    {
        var wanted = new HashSet<string> { topics.Colour, topics.Depth, topics.CameraInfo };
        if (types.ContainsKey(topics.GroundTruth)) wanted.Add(topics.GroundTruth);
        int colourFrames = 0;
        foreach (var message in reader.ReadMessages(wanted))
        {
            var stamp = Time.FromNanoseconds(message.LogTimeNs);
            object decoded;
            try { decoded = CdrSerializer.Deserialize(types[message.Topic], message.Data); }
            catch (CdrException e)
            {
                throw new InvalidDataException($"bag {Name}, topic {message.Topic}, message at {message.LogTimeNs} ns: {e.Message}", e);
            }
            if (message.Topic == topics.Colour)
            {
                if (maxFrames > 0 && colourFrames >= maxFrames) yield break;
                colourFrames++;
                if (decoded is CompressedImage compressed) decoded = Decompress(compressed);
            }
            else if (message.Topic == topics.GroundTruth && decoded is TFMessage tf)
            {
                if (tf.Transforms.Length == 0) continue;
                decoded = ToOdometry(tf.Transforms[0]);
            }
            yield return new RecordedMessage(message.Topic, stamp, decoded);
        }
    }

    public void Dispose() => reader.Dispose();

    private void Expect(string topic, params string[] accepted)
    {
        if (!accepted.Contains(types[topic]))
            throw new InvalidDataException($"bag topic {topic} carries {types[topic]}, expected {string.Join(" or ", accepted)}");
    }

    private static Image Decompress(CompressedImage compressed)
    {
        var (width, height, rgb) = CompressedImageDecoder.DecodeRgb(compressed.Data);
        return new Image { Header = compressed.Header, Width = (uint)width, Height = (uint)height, Encoding = "rgb8", Step = (uint)width * 3, Data = rgb };
    }

    private static Odometry ToOdometry(TransformStamped t) => new()
    {
        Header = t.Header,
        ChildFrameId = t.ChildFrameId,
        Pose = new PoseWithCovariance
        {
            Pose = new Pose(new Point(t.Transform.Translation.X, t.Transform.Translation.Y, t.Transform.Translation.Z), t.Transform.Rotation),
        },
    };
}
