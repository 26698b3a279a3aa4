using System.Globalization;
using System.Text.Json;
using NiceSlam.Bags;
using NiceSlam.Data.Synthetic;
using NiceSlam.Messages.Cdr;

namespace NiceSlam.Cli.Tests;

[Trait("Category", "Slow")]
public sealed class BagReplayTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-bag-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>The /tf payloads (CDR bytes) of a run's outputs bag, in order.</summary>
    private static List<byte[]> TfPayloads(string runDir)
    {
        using var reader = BagFolder.Open(Path.Combine(runDir, "outputs"));
        return reader.ReadMessages(new HashSet<string> { "/tf" }).Select(m => m.Data).ToList();
    }

    private static double Ate(string runDir) => RunCommandTests.Report(runDir).GetProperty("ateRmseCm").GetDouble();

    private static double DepthL1(string runDir) => RunCommandTests.Report(runDir).GetProperty("depthL1Cm").GetDouble();

    [Fact]
    public void The_synthetic_sequence_replayed_from_db3_and_mcap_bags_gives_the_dataset_runs_trajectory_bit_for_bit()
    {
        const int frames = 6;
        var room = new SyntheticSequence().MapBounds;
        string bounds = string.Join(",", new[] { room.MinX, room.MinY, room.MinZ, room.MaxX, room.MaxY, room.MaxZ }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        string sequence = $"--frames {frames} --synthetic-width 80 --synthetic-height 60";
        string db3 = Path.Combine(dir, "db3"), mcap = Path.Combine(dir, "mcap");
        var write = CliProcess.NiceSlam($"bag write synthetic {sequence} --storage sqlite3 --out \"{db3}\"");
        Assert.True(write.ExitCode == 0, write.All);
        Assert.Contains("/camera/camera/color/image_raw", write.StdOut);                  // the bag info it prints
        write = CliProcess.NiceSlam($"bag write synthetic {sequence} --storage mcap --compression Lz4 --out \"{mcap}\"");
        Assert.True(write.ExitCode == 0, write.All);

        string settings = $"{RunCommandTests.Quick} --frames {frames} --width 80 --height 60 --bounds {bounds} --no-mesh";
        var runs = new[] { "synthetic", $"\"{db3}\"", $"\"{mcap}\"" }.Select((source, i) =>
        {
            string outDir = Path.Combine(dir, $"run{i}");
            var result = CliProcess.NiceSlam($"run {source} {settings} --out \"{outDir}\"");
            Assert.True(result.ExitCode == 0, result.All);
            return outDir;
        }).ToList();

        var dataset = TfPayloads(runs[0]);
        Assert.Equal(frames, dataset.Count);
        Assert.Equal(frames, dataset.Select(Convert.ToHexString).Distinct().Count());       // the camera moved: poses differ
        foreach (var replay in runs.Skip(1))
        {
            var fromBag = TfPayloads(replay);
            Assert.Equal(dataset.Count, fromBag.Count);
            for (int i = 0; i < dataset.Count; i++)
                Assert.True(dataset[i].AsSpan().SequenceEqual(fromBag[i]), $"frame {i}: the replay's pose differs from the dataset run's");
            Assert.Equal(Ate(runs[0]), Ate(replay));                                      // ground truth came from the bag too
            Assert.Equal(DepthL1(runs[0]), DepthL1(replay));                              // and the same map
        }
        Assert.True(Ate(runs[0]) < 3, $"ATE {Ate(runs[0]):0.000} cm");
    }

    [Fact]
    public void Frames_recorded_before_the_first_camera_info_are_tracked_once_it_comes()
    {
        // As `ros2 bag record` may make it: the recorder subscribed to CameraInfo a little after the images.
        const int frames = 5;
        string written = Path.Combine(dir, "written"), late = Path.Combine(dir, "late-info");
        var write = CliProcess.NiceSlam($"bag write synthetic --frames {frames} --synthetic-width 80 --synthetic-height 60 --storage mcap --out \"{written}\"");
        Assert.True(write.ExitCode == 0, write.All);
        const string info = "/camera/camera/color/camera_info";
        int infoDropped = 0;
        using (var reader = BagFolder.Open(written))
        using (var copy = BagFolder.Create(late, BagStorage.Mcap))
        {
            foreach (var t in reader.Topics) copy.AddTopic(t.Name, t.Type, MessageDefinitions.For(t.Type));
            foreach (var m in reader.ReadMessages())
            {
                if (m.Topic == info && infoDropped < 2) { infoDropped++; continue; }
                copy.Write(m.Topic, m.LogTimeNs, m.Data);
            }
        }
        Assert.Equal(2, infoDropped);

        string outDir = Path.Combine(dir, "run-late-info");
        var run = CliProcess.NiceSlam($"run \"{late}\" {RunCommandTests.Quick} --width 80 --height 60 --no-mesh --out \"{outDir}\"");
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Equal(frames, File.ReadAllLines(Path.Combine(outDir, "trajectory.txt")).Count(l => l.Length > 0 && !l.StartsWith('#')));
        Assert.Equal(0, RunCommandTests.Report(outDir).GetProperty("framesRejected").GetInt32());
    }

    [Fact]
    public void A_bag_without_the_camera_topics_is_refused_with_the_topics_it_has()
    {
        string bag = Path.Combine(dir, "other");
        using (var writer = BagFolder.Create(bag, BagStorage.Sqlite3))
        {
            writer.AddTopic("/chatter", "std_msgs/msg/String", "string data");
            writer.Write("/chatter", 1, [0, 1, 0, 0, 1, 0, 0, 0, 0, 0]);
        }
        var result = CliProcess.NiceSlam($"run \"{bag}\" --frames 2 --out \"{Path.Combine(dir, "run")}\"");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no colour topic /camera/camera/color/image_raw", result.StdErr);
        Assert.Contains("/chatter", result.StdErr);
    }
}
