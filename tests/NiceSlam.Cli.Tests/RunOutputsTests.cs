using System.Text.Json;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Cli.Tests;

/// <summary>One complete `nice-slam run` of the synthetic sequence (12 frames at 80x60, the tiny settings), whose
/// outputs the tests below check one aspect at a time.</summary>
public sealed class SyntheticRun : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-run-").FullName;

    public SyntheticRun()
    {
        OutDir = Path.Combine(dir, "out");
        Result = CliProcess.NiceSlam($"run synthetic --frames 12 {RunCommandTests.Tiny} --out \"{OutDir}\"");
        if (Result.ExitCode == 0) Report = RunCommandTests.Report(OutDir);
    }

    public string OutDir { get; }
    public CliProcess.Result Result { get; }
    public JsonElement Report { get; }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

[Trait("Category", "Slow")]
public class RunOutputsTests(SyntheticRun run) : IClassFixture<SyntheticRun>
{
    private JsonElement Report
    {
        get
        {
            Assert.True(run.Result.ExitCode == 0, run.Result.All);
            return run.Report;
        }
    }

    [Fact]
    public void A_run_writes_every_output_file()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.All);
        foreach (string file in new[] { "trajectory.txt", "trajectory_groundtruth.txt", "mesh.ply", "trajectory.png", "ate.png", "evaluation.json", "report.json", "frame0_preview.png", "outputs/metadata.yaml" })
            Assert.True(File.Exists(Path.Combine(run.OutDir, file)), $"{file} missing\n{run.Result.All}");
    }

    [Fact]
    public void The_trajectory_has_every_frame_within_3_cm_of_the_truth()
    {
        // A bound that fails if tracking or mapping break (RunCommandTests shows the ATE broken tracking gives).
        Assert.Equal(12, TumTrajectoryFile.Read(Path.Combine(run.OutDir, "trajectory.txt")).Count);
        Assert.Equal(12, Report.GetProperty("framesTracked").GetInt32());
        Assert.False(Report.GetProperty("interrupted").GetBoolean());
        double ate = Report.GetProperty("ateRmseCm").GetDouble();
        Assert.True(ate < 3.0, $"ATE {ate:0.000} cm\n{run.Result.StdOut}");
    }

    [Fact]
    public void The_map_renders_the_keyframes_within_10_cm_of_their_depth()
    {
        Assert.True(Report.GetProperty("keyframes").GetInt32() >= 2);
        double depthL1 = Report.GetProperty("depthL1Cm").GetDouble();
        Assert.True(depthL1 < 10, $"depth L1 {depthL1:0.00} cm\n{run.Result.StdOut}");
    }

    [Fact]
    public void The_mesh_covers_the_surfaces_seen_and_carries_colours()
    {
        Assert.True(Report.GetProperty("mesh").GetProperty("faces").GetInt32() > 500, run.Result.StdOut);
        Assert.True(Report.GetProperty("reconstruction").GetProperty("completionRatio").GetDouble() > 0.75, run.Result.StdOut);
        Assert.NotNull(NiceSlam.Data.Meshes.PlyWriter.Read(Path.Combine(run.OutDir, "mesh.ply")).Colors);
    }

    [Fact]
    public void The_report_carries_timings_and_peak_memory()
    {
        var timings = Report.GetProperty("timingsMs");
        Assert.True(timings.GetProperty("trackingPerFrame").GetDouble() > 0);
        double odometry = timings.GetProperty("odometryPerFrame").GetDouble();
        Assert.True(odometry > 0);                                       // the default front end: odometry alone, no rendering
        Assert.InRange(timings.GetProperty("renderingTrackingPerFrame").GetDouble(), 0, 0.2 * odometry);
        Assert.True(timings.GetProperty("mappingPerIteration").GetDouble() > 0);
        Assert.True(Report.GetProperty("peakWorkingSetMiB").GetDouble() > 0);
    }
}
