using System.CommandLine;
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
        return bag;
    }
}
