using System.CommandLine;
using NiceSlam.Data.Synthetic;
using NiceSlam.Node.Diagnostics;

namespace NiceSlam.Cli.Commands;

/// <summary>
/// `nice-slam soak`: a long run through the node that watches memory and the growing map — the synthetic tour of a
/// suite of rooms (the camera leaves the first room, goes to the last and comes back), at a small size and a light
/// mapping budget so thousands of frames take minutes, printing working set, heaps and map size every N frames, the
/// peak and how the working set grew after the warm-up beside the map's growth, and the mesh completion per room.
/// It is `nice-slam run synthetic --motion tour --memory-every N` with these settings; `--set` adds to them.
/// </summary>
internal static class SoakCommand
{
    /// <summary>The soak's engine budget (the cpu preset otherwise): tracking by the odometry alone, mapping every
    /// 10th frame with 10 iterations of 300 pixels, a keyframe every 20th frame: about 0.2 s a frame here.</summary>
    public static readonly string[] Budget =
        ["Tracking.FrontEnd=Odometry", "Mapping.Every=10", "Mapping.Iterations=10", "Mapping.Pixels=300", "Mapping.FirstFrameIterations=100", "Keyframes.Every=20"];

    public static Command Create()
    {
        var frames = new Option<int>("--frames") { Description = "Frames of the tour.", DefaultValueFactory = _ => 3000 };
        var every = new Option<int>("--every") { Description = "Print memory and map size every N frames.", DefaultValueFactory = _ => 100 };
        var rooms = new Option<int>("--rooms") { Description = "Rooms of the suite.", DefaultValueFactory = _ => new SyntheticSequenceOptions().Rooms };
        var width = new Option<int>("--width") { Description = "Rendered width.", DefaultValueFactory = _ => SyntheticSequenceOptions.DefaultWidth };
        var height = new Option<int>("--height") { Description = "Rendered height.", DefaultValueFactory = _ => SyntheticSequenceOptions.DefaultHeight };
        var set = new Option<string[]>("--set") { Description = "Override a setting, Group.Name=value (repeatable), after the soak's budget.", AllowMultipleArgumentsPerToken = true };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder (default: out/soak)." };
        var command = new Command("soak", $"A long synthetic tour of several rooms through the node: memory every N frames, its growth after {MemoryTrace.WarmUpFrames} frames beside the map's, completion per room.");
        foreach (var option in new Option[] { frames, every, rooms, width, height, set, output }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            string outDir = parse.GetValue(output)?.FullName ?? Path.Combine(Environment.CurrentDirectory, "out", "soak");
            string[] args =
            [
                "run", "synthetic", "--motion", "tour", "--rooms", $"{parse.GetValue(rooms)}", "--frames", $"{parse.GetValue(frames)}",
                "--synthetic-width", $"{parse.GetValue(width)}", "--synthetic-height", $"{parse.GetValue(height)}",
                "--memory-every", $"{parse.GetValue(every)}", "--out", outDir,
                "--set", .. Budget, .. parse.GetValue(set) ?? [],
            ];
            Console.WriteLine($"soak: nice-slam {string.Join(' ', args)}");
            var root = new RootCommand { RunCommand.Create() };
            return root.Parse(args).Invoke();
        });
        return command;
    }
}
