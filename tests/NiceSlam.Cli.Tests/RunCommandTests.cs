using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using NiceSlam.Data.Trajectories;
using NiceSlam.Tests;

namespace NiceSlam.Cli.Tests;

[Trait("Category", "Slow")]
public sealed class RunCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-run-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>A tiny but complete engine configuration: 80x60, a few hundred pixels, short schedules. The first map
    /// takes 60 iterations (200 before the odometry became the default front end: tracking no longer reads the map,
    /// and 12 frames then run in 16 s instead of 45 s, depth L1 6.4 against 4.8 cm, completion ratio 87 against 90 %).</summary>
    internal const string Tiny = "--synthetic-width 80 --synthetic-height 60 --preset cpu --set Tracking.Pixels=200 --set Tracking.Iterations=20 "
        + "--set Tracking.TranslationLr=3e-3 --set Tracking.RotationLr=2e-3 "
        + "--set Mapping.Pixels=400 --set Mapping.Iterations=15 --set Mapping.FirstFrameIterations=60 --set Mapping.Every=3 --set Keyframes.Every=6 "
        + "--set Mapping.CoarseIterations=2 --set Meshing.Voxel=0.08";

    /// <summary><see cref="Tiny"/> with a token map (10 iterations for the first frame, 5 a call after): for tests of
    /// what the map's quality does not change, since the odometry front end does not read the map (determinism, the
    /// input pipeline, interruption, tracking). A 7-frame run takes 9 s instead of 19.</summary>
    internal const string Quick = Tiny + " --set Mapping.FirstFrameIterations=10 --set Mapping.Iterations=5";

    /// <summary>The engine settings (<c>Name=value</c>) a command line's <c>--set</c> options give, in order, a later
    /// assignment of a name replacing the earlier one: what the node takes as <c>slam_settings</c>.</summary>
    internal static string[] EngineSettings(string options)
    {
        var settings = new List<string>();
        foreach (Match m in Regex.Matches(options, @"--set (\S+)"))
        {
            string name = m.Groups[1].Value.Split('=')[0];
            int known = settings.FindIndex(e => e.Split('=')[0] == name);
            if (known >= 0) settings[known] = m.Groups[1].Value;
            else settings.Add(m.Groups[1].Value);
        }
        return [.. settings];
    }

    internal static JsonElement Report(string outDir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json"))).RootElement;

    [Fact]
    public void Same_input_and_seed_give_the_same_trajectory()
    {
        string a = Path.Combine(dir, "a"), b = Path.Combine(dir, "b");
        var first = CliProcess.NiceSlam($"run synthetic --frames 7 {Quick} --no-mesh --out \"{a}\"");
        var second = CliProcess.NiceSlam($"run synthetic --frames 7 {Quick} --no-mesh --out \"{b}\"");
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.All + second.All);
        Assert.Equal(File.ReadAllText(Path.Combine(a, "trajectory.txt")), File.ReadAllText(Path.Combine(b, "trajectory.txt")));
        // The trajectory does not read the map (odometry): the map's depth error at the keyframes shows it is the same too.
        Assert.Equal(Report(a).GetProperty("depthL1Cm").GetDouble(), Report(b).GetProperty("depthL1Cm").GetDouble());
    }

    [Fact]
    public void Broken_tracking_misses_the_3_cm_ATE_bound()
    {
        // No tracking (rendering front end with no iterations) and no motion model: every pose stays at the first one, which the 3 cm bound must reject.
        string frozen = Path.Combine(dir, "frozen");
        var broken = CliProcess.NiceSlam($"run synthetic --frames 7 {Quick} --no-mesh --set Tracking.FrontEnd=render --set Tracking.Iterations=0 --set Tracking.ConstantVelocity=false --out \"{frozen}\"");
        Assert.True(broken.ExitCode == 0, broken.All);
        double bad = Report(frozen).GetProperty("ateRmseCm").GetDouble();
        Assert.True(bad > 3.0, $"broken tracking ATE {bad:0.000} cm");
    }

    [Fact]
    public async Task Interrupting_a_run_still_writes_what_was_computed()
    {
        string outDir = Path.Combine(dir, "interrupted");
        var info = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "nice-slam.dll")}\" run synthetic --frames 2000 {Quick} --out \"{outDir}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        // Wait until frames are being tracked, then ask it to stop. SIGTERM (what systemd and ros2 launch send; Ctrl+C's
        // SIGINT takes the same path) because a shell started in the background ignores SIGINT for its children.
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.Contains("track ")) { }
        Assert.NotNull(line);
        using (var kill = Process.Start("kill", $"-TERM {process.Id}")) kill.WaitForExit();
        string rest = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "run did not stop after SIGTERM");
        Assert.True(process.ExitCode == 0, rest + await stderr);
        Assert.Contains("interrupted after", rest);
        var root = Report(outDir);
        Assert.True(root.GetProperty("interrupted").GetBoolean());
        int tracked = root.GetProperty("framesTracked").GetInt32();
        Assert.InRange(tracked, 1, 1999);
        Assert.Equal(tracked, TumTrajectoryFile.Read(Path.Combine(outDir, "trajectory.txt")).Count);
        Assert.True(File.Exists(Path.Combine(outDir, "mesh.ply")));
        // The CLI restarted itself in place with one malloc arena (same PID: the SIGTERM above reached it).
        Assert.StartsWith("MALLOC_ARENA_MAX=1 (environment)", root.GetProperty("memory").GetProperty("allocator").GetString());
    }

    [Fact]
    public void A_folder_that_is_no_dataset_is_a_clear_error()
    {
        var result = CliProcess.NiceSlam($"run \"{dir}\"");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(dir, result.StdErr);
        Assert.DoesNotContain("Unhandled exception", result.All);
    }

    [Fact]
    public void Synth_then_info_reads_the_written_sequence_back()
    {
        string folder = Path.Combine(dir, "seq");
        var synth = CliProcess.NiceSlam($"synth --out \"{folder}\" --frames 5 --synthetic-width 64 --synthetic-height 48 --holes 0.1");
        Assert.True(synth.ExitCode == 0, synth.All);
        var info = CliProcess.NiceSlam($"info \"{folder}\"");
        Assert.True(info.ExitCode == 0, info.All);
        Assert.Contains("frames:       5", info.StdOut);
        Assert.Contains("64x48", info.StdOut);
        Assert.Contains("ground truth: yes", info.StdOut);
    }

    [RealDataFact(SharedData.TumFr1Rpy)]
    public void The_engine_tracks_real_tum_frames()
    {
        string outDir = Path.Combine(dir, "tum");
        var result = CliProcess.NiceSlam($"run \"{SharedData.Path(SharedData.TumFr1Rpy)}\" --frames 10 --width 80 --height 60 {Quick} --no-mesh --out \"{outDir}\"");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("(undistorted)", result.StdOut);
        var root = Report(outDir);
        Assert.Equal(10, root.GetProperty("framesTracked").GetInt32());
        double ate = root.GetProperty("ateRmseCm").GetDouble();
        Assert.True(ate < 5, $"ATE {ate:0.000} cm\n{result.StdOut}");
    }
}
