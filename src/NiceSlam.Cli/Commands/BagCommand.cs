using System.CommandLine;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Preprocessing;
using NiceSlam.Node;
using NiceSlam.Node.Sources;
using NiceSlam.Bags;

namespace NiceSlam.Cli.Commands;

/// <summary>`nice-slam bag info &lt;path&gt;`: what a rosbag2 bag (folder, .db3 or .mcap) holds, like `ros2 bag info`.</summary>
internal static class BagCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A rosbag2 folder (with metadata.yaml) or a single .db3 / .mcap file." };
        var info = new Command("info", "Show a bag's files, storage, time span, message count and topics.");
        info.Arguments.Add(path);
        info.SetAction(parse =>
        {
            string target = parse.GetValue(path)!;
            try
            {
                using var reader = BagFolder.Open(target);
                Console.Write(BagInfo.Describe(reader, Path.GetFullPath(target)));
                return 0;
            }
            catch (Exception e) when (e is BagException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"bag info: {e.Message}");
                return 1;
            }
        });
        var bag = new Command("bag", "rosbag2 bags (sqlite3 and MCAP storage) without ROS.");
        bag.Subcommands.Add(info);
        bag.Subcommands.Add(CreateWrite());
        bag.Subcommands.Add(CreateReindex());
        return bag;
    }

    /// <summary>`nice-slam bag reindex &lt;folder&gt;`: the missing metadata.yaml of a bag folder, like `ros2 bag reindex`.</summary>
    private static Command CreateReindex()
    {
        var folder = new Argument<string>("folder") { Description = "A bag folder holding <name>_<N>.db3 or .mcap files (a recording that was not closed, or copied without its metadata)." };
        var force = new Option<bool>("--force") { Description = "Replace an existing metadata.yaml." };
        var command = new Command("reindex", "Write a bag folder's missing metadata.yaml from its storage files, like `ros2 bag reindex`: "
            + "the files in the order of their number, topics and counts merged, the time span; then show the bag.")
        {
            folder, force,
        };
        command.SetAction(parse =>
        {
            string target = Path.GetFullPath(parse.GetValue(folder)!);
            try
            {
                var result = BagReindexer.Reindex(target, parse.GetValue(force));
                foreach (string warning in result.Warnings) Console.WriteLine($"warning: {warning}");
                Console.WriteLine($"wrote {Path.Combine(target, BagMetadataFile.FileName)}: {result.Metadata.RelativeFilePaths.Count} files, "
                    + $"{result.Metadata.MessageCount} messages, {result.Metadata.Topics.Count} topics");
                using var reader = BagFolder.Open(target);
                Console.Write(BagInfo.Describe(reader, target));
                return 0;
            }
            catch (Exception e) when (e is BagException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"bag reindex: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>`nice-slam bag write`: a dataset or the synthetic sequence as a bag of camera topics.</summary>
    private static Command CreateWrite()
    {
        var source = new SourceOptions();
        var output = new Option<DirectoryInfo>("--out") { Description = "The bag folder to create (must not exist or be empty).", Required = true };
        var storage = new Option<string>("--storage") { Description = "mcap or sqlite3.", DefaultValueFactory = _ => "mcap" };
        var compression = new Option<McapCompression>("--compression") { Description = "MCAP chunk compression: Zstd, Lz4 or None.", DefaultValueFactory = _ => McapCompression.Zstd };
        var width = new Option<int>("--width") { Description = "Resize the frames to this width before writing (0: as read; colour area-averaged, depth nearest, intrinsics to match).", DefaultValueFactory = _ => 0 };
        var height = new Option<int>("--height") { Description = "Height with --width (0: the camera's aspect).", DefaultValueFactory = _ => 0 };
        var command = new Command("write", "Write a dataset or the synthetic sequence as a rosbag2 bag: CameraInfo, colour (rgb8), depth (32FC1) and "
            + "ground truth (nav_msgs/Odometry) on the node's default topics, stamped with the frames' times.");
        source.AddTo(command);
        foreach (var option in new Option[] { output, storage, compression, width, height }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            try
            {
                var kind = parse.GetValue(storage) switch
                {
                    "mcap" => BagStorage.Mcap,
                    "sqlite3" or "db3" => BagStorage.Sqlite3,
                    var other => throw new ArgumentException($"--storage must be mcap or sqlite3, got '{other}'"),
                };
                var dataset = source.Open(parse);
                if (parse.GetValue(width) is > 0 and int w)
                {
                    int h = parse.GetValue(height) is > 0 and int given ? given : (int)Math.Round((double)w * dataset.Intrinsics.Height / dataset.Intrinsics.Width);
                    dataset = new PreprocessedDataset(dataset, new PreprocessOptions { ResizeTo = (w, h) });
                }
                using var recording = new DatasetSource(dataset, source.FrameCount(parse, dataset), TopicNames.From(new NodeOptions()));
                string folder = parse.GetValue(output)!.FullName;
                long count;
                using (var writer = new MessageBagWriter(BagFolder.Create(folder, kind, parse.GetValue(compression))))
                    count = RecordingBagWriter.Write(recording, writer);
                using var reader = BagFolder.Open(folder);
                Console.WriteLine($"wrote {count} messages of {recording.FrameCount} frames of {dataset.Name}");
                Console.Write(BagInfo.Describe(reader, folder));
                return 0;
            }
            catch (Exception e) when (e is BagException or DatasetException or ArgumentException or IOException)
            {
                Console.Error.WriteLine($"bag write: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
