using System.Globalization;
using System.Text.RegularExpressions;
using NiceSlam.Bags;
using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.Tf2Msgs;
using NiceSlam.Tests;
using Xunit.Abstractions;

namespace NiceSlam.Ros2.Tests;

/// <summary>
/// `ros2 launch launch/bag_replay.launch.py` on a bag that `ros2 bag record` made of a live camera: the player is held
/// back by DDS flow control while the node is busy (reliable keep-all both sides), so every recorded frame is
/// tracked on this 2-core machine, and the trajectory is the one `nice-slam run` computes from the same bag.
/// </summary>
[Trait("Category", "Slow")]
public sealed class BagReplayLaunchTests(ITestOutputHelper output) : IDisposable
{
    private const int Frames = 300;
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-ros2-replay-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Ros2Fact]
    public void Bag_replay_launch_tracks_every_recorded_frame_as_nice_slam_run_does()
    {
        int domain = RosProcess.NextDomain();
        string frames = LiveNode.SyntheticFrames(Path.Combine(dir, "frames"), 60);
        string bag = BagInteropTests.RecordCamera(dir, domain, frames, Frames);
        int recorded = BagInteropTests.RgbdFrames(bag);
        Assert.True(recorded >= 0.95 * Frames, $"the recording kept {recorded} of {Frames} frames");

        string outputs = Path.Combine(dir, "node-outputs");
        string launchOutput;
        string parameters = Path.Combine(dir, "params.yaml");
        File.WriteAllText(parameters, LiveNode.Parameters(statusPeriod: 1, mapOutputsPeriod: 0, extra: $"    record_outputs: \"{outputs}\"\n    width: 80"));
        using (var launch = RosProcess.Start("ros2", ["launch", Path.Combine(SharedData.RepositoryRoot, "launch", "bag_replay.launch.py"), $"bag:={bag}",
                   "transport:=dds", $"dds_executable:={LiveNode.NodeExecutable}", $"params_file:={parameters}", "delay:=8"], domain, dir))
        {
            // The player is held back while the node is busy and exits once the node has acknowledged every message.
            Assert.True(WaitForEveryFrame(launch, recorded, TimeSpan.FromMinutes(10)), $"the node did not account for all {recorded} recorded frames\n{Warnings(launch.Output)}\n{RosProcess.Tail(launch.Output, 60)}");
            bool stopped = launch.Interrupt(TimeSpan.FromSeconds(60), out string? report);
            launchOutput = launch.Output;
            output.WriteLine(Warnings(launchOutput));
            Assert.True(stopped, $"{report}\n{RosProcess.Tail(launchOutput, 60)}");
        }
        var replayed = Poses(outputs);
        Assert.True(replayed.Count >= 0.99 * recorded, $"tracked {replayed.Count} of {recorded} recorded frames\n{Warnings(launchOutput)}");

        string run = Path.Combine(dir, "run");
        var offline = RosProcess.Run(LiveNode.CliExecutable, ["run", bag, "--width", "80", "--set", "FirstFrameIterations=10", "--set", "MappingIterations=5", "--no-mesh", "--out", run],
            domain, TimeSpan.FromMinutes(10));
        Assert.True(offline.ExitCode == 0, offline.StdOut + offline.StdErr);
        var reference = Poses(Path.Combine(run, "outputs"));
        Assert.Equal(recorded, reference.Count);
        // Same stamps, same poses: the root mean square of the position differences, in cm.
        var common = reference.Keys.Intersect(replayed.Keys).ToList();
        Assert.True(common.Count >= 0.99 * recorded);
        double rms = Math.Sqrt(common.Average(k => Distance2(reference[k], replayed[k]))) * 100;
        Assert.True(rms < 0.1, $"trajectories differ by {rms:0.000} cm RMS");
    }

    /// <summary>Waits until the node's status line accounts for <paramref name="frames"/> frames (or more): tracked,
    /// dropped or rejected (each rejection is logged with its reason; the share tracked is asserted after). Once the
    /// player has exited, a count that has not moved for 20 s is final too: a message the player never delivered
    /// leaves a frame short for good, and the share tracked is asserted after.</summary>
    private static bool WaitForEveryFrame(RosProcess launch, int frames, TimeSpan timeout)
    {
        var end = DateTime.UtcNow + timeout;
        int last = -1;
        var lastChange = DateTime.UtcNow;
        while (DateTime.UtcNow < end)
        {
            int counted = Regex.Matches(launch.Output, @"tracked=(\d+) dropped=(\d+) rejected=(\d+)")
                .Select(m => Enumerable.Range(1, 3).Sum(g => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture)))
                .DefaultIfEmpty(0).Max();
            if (counted >= frames) return true;
            if (counted != last) (last, lastChange) = (counted, DateTime.UtcNow);
            if (PlayerExited(launch.Output) && DateTime.UtcNow - lastChange > TimeSpan.FromSeconds(20)) return true;
            if (launch.HasExited) return false;
            Thread.Sleep(500);
        }
        return false;
    }

    /// <summary>Whether `ros2 bag play` has exited (ros2 launch names it ros2-N, the node nice_slam-N).</summary>
    private static bool PlayerExited(string output) => Regex.IsMatch(output, @"\[INFO\] \[ros2-\d+\]: process has finished");

    /// <summary>The node's warnings and errors in <paramref name="output"/> but the input watchdog's (which only says
    /// the player has ended), for failure messages.</summary>
    private static string Warnings(string output) => string.Join('\n', output.Split('\n')
        .Where(l => (l.Contains("warn", StringComparison.Ordinal) || l.Contains("fail", StringComparison.Ordinal)) && !l.Contains("InputWatchdog", StringComparison.Ordinal))
        .Take(20));

    /// <summary>The camera positions the node broadcast on /tf, by stamp (ns), from its recorded outputs.</summary>
    private static Dictionary<long, (double X, double Y, double Z)> Poses(string outputs)
    {
        using var reader = BagFolder.Open(outputs);
        var poses = new Dictionary<long, (double, double, double)>();
        foreach (var m in reader.ReadMessages(new HashSet<string> { "/tf" }))
            foreach (var t in CdrSerializer.Deserialize<TFMessage>(m.Data).Transforms)
                poses[t.Header.Stamp.TotalNanoseconds] = (t.Transform.Translation.X, t.Transform.Translation.Y, t.Transform.Translation.Z);
        return poses;
    }

    private static double Distance2((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        (a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y) + (a.Z - b.Z) * (a.Z - b.Z);
}
