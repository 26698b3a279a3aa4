using NiceSlam.Bags;

namespace NiceSlam.Cli.Tests;

/// <summary>`nice-slam run` is the node on a recording: the same recording and settings give the same trajectory.</summary>
[Trait("Category", "Slow")]
public sealed class RunNodeParityTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-parity-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>The engine settings of <see cref="RunCommandTests.Quick"/>.</summary>
    private static readonly string[] Engine = RunCommandTests.EngineSettings(RunCommandTests.Quick);

    /// <summary>The CDR payloads of <paramref name="topic"/> in a run's outputs bag, in order.</summary>
    private static List<byte[]> Payloads(string outputs, string topic)
    {
        using var reader = BagFolder.Open(outputs);
        return reader.ReadMessages(new HashSet<string> { topic }).Select(m => m.Data).ToList();
    }

    [Fact]
    public void Nice_slam_run_and_the_node_publish_identical_trajectories_for_the_same_recording_and_settings()
    {
        const int frames = 7;
        string bag = Path.Combine(dir, "bag"), cli = Path.Combine(dir, "cli"), node = Path.Combine(dir, "node");
        var write = CliProcess.NiceSlam($"bag write synthetic --frames {frames} --synthetic-width 80 --synthetic-height 60 --out \"{bag}\"");
        Assert.True(write.ExitCode == 0, write.All);

        var run = CliProcess.NiceSlam($"run \"{bag}\" --width 80 --height 60 --preset cpu {string.Join(" ", Engine.Select(e => $"--set {e}"))} --no-mesh --out \"{cli}\"");
        Assert.True(run.ExitCode == 0, run.All);

        // The node as deployed, given the same settings as node parameters (an offline run's scheduling: every frame,
        // as fast as it goes, the outputs recorded).
        string[] parameters =
        [
            $"source={bag}", "width=80", "height=60", "preset=cpu", "queue_full_policy=block", "playback_rate=0",
            "status_period=0", "cloud_period=0", "occupancy_period=0", "mesh_period=0", $"record_outputs={Path.Combine(node, "outputs")}",
            .. Engine.Select((e, i) => $"slam_settings:{i}={e}"),
        ];
        var hosted = CliProcess.Run("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "nice-slam-node.dll")}\" "
            + string.Join(" ", parameters.Select(p => $"\"--NiceSlam:{p}\"")));
        Assert.True(hosted.ExitCode == 0, hosted.All);

        var fromRun = Payloads(Path.Combine(cli, "outputs"), "/tf");
        var fromNode = Payloads(Path.Combine(node, "outputs"), "/tf");
        Assert.Equal(frames, fromRun.Count);
        Assert.Equal(frames, fromRun.Select(Convert.ToHexString).Distinct().Count());          // the camera moved: poses differ
        Assert.Equal(fromRun.Select(Convert.ToHexString), fromNode.Select(Convert.ToHexString));
        // The final path carries the poses after bundle adjustment: the same too.
        Assert.Equal(Convert.ToHexString(Payloads(Path.Combine(cli, "outputs"), "/nice_slam/path")[^1]),
            Convert.ToHexString(Payloads(Path.Combine(node, "outputs"), "/nice_slam/path")[^1]));
    }
}
