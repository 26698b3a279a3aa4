using System.Diagnostics;
using System.Text.Json;
using NiceSlam.Data.Trajectories;
using NiceSlam.Tests;

namespace NiceSlam.Cli.Tests;

public sealed class RunCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-run-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Run_on_the_embedded_synthetic_sequence_writes_every_output()
    {
        string outDir = Path.Combine(dir, "out");
        var result = CliProcess.NiceSlam($"run synthetic --frames 12 --out \"{outDir}\"");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("not implemented yet", result.StdOut); // says plainly that the engine is missing
        foreach (string file in new[] { "trajectory_groundtruth.txt", "trajectory.png", "ate.png", "evaluation.json", "report.json", "frame0_preview.png" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), $"{file} missing\n{result.All}");
        Assert.Equal(12, TumTrajectoryFile.Read(Path.Combine(outDir, "trajectory_groundtruth.txt")).Count);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var root = report.RootElement;
        Assert.Equal(12, root.GetProperty("framesProcessed").GetInt32());
        Assert.False(root.GetProperty("interrupted").GetBoolean());
        Assert.True(root.GetProperty("reprojectionCheck").GetProperty("medianResidualMm").GetDouble() < 10);
        Assert.True(root.GetProperty("peakWorkingSetMiB").GetDouble() > 0);
        double added = root.GetProperty("evaluationSelfCheck").GetProperty("addedNoiseRmsCm").GetDouble();
        double ate = root.GetProperty("evaluationSelfCheck").GetProperty("ateRmseCm").GetDouble();
        Assert.InRange(ate / added, 0.7, 1.0001); // 12 poses: alignment absorbs 6 of 36 noise dofs
        Assert.DoesNotContain("WARNING", result.StdOut);
    }

    [Fact]
    public async Task Interrupting_a_run_still_writes_what_was_computed()
    {
        string outDir = Path.Combine(dir, "interrupted");
        var info = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "nice-slam.dll")}\" run synthetic --frames 2000 --synthetic-width 320 --synthetic-height 240 --out \"{outDir}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        // Wait until frames are being processed, then send SIGINT as Ctrl+C does.
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.Contains("ms/frame")) { }
        Assert.NotNull(line);
        using (var kill = Process.Start("kill", $"-INT {process.Id}")) kill.WaitForExit();
        string rest = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "run did not stop after SIGINT");
        Assert.True(process.ExitCode == 0, rest + await stderr);
        Assert.Contains("interrupted after", rest);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        Assert.True(report.RootElement.GetProperty("interrupted").GetBoolean());
        int processed = report.RootElement.GetProperty("framesProcessed").GetInt32();
        Assert.InRange(processed, 1, 1999);
        Assert.Equal(processed, TumTrajectoryFile.Read(Path.Combine(outDir, "trajectory_groundtruth.txt")).Count);
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
    public void Run_on_real_tum_data_finds_depth_and_poses_consistent()
    {
        string outDir = Path.Combine(dir, "tum");
        var result = CliProcess.NiceSlam($"run \"{SharedData.Path(SharedData.TumFr1Rpy)}\" --frames 20 --width 160 --height 120 --out \"{outDir}\"");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("(undistorted)", result.StdOut);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        Assert.True(report.RootElement.GetProperty("reprojectionCheck").GetProperty("medianResidualMm").GetDouble() < 20);
    }
}
