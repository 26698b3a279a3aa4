using System.Globalization;
using System.Text.RegularExpressions;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Evaluation;
using NiceSlam.Data.Trajectories;
using NiceSlam.Tests;

namespace NiceSlam.Cli.Tests;

public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-eval-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string WriteCircle(int count)
    {
        var poses = Enumerable.Range(0, count).Select(i =>
        {
            double a = i * 0.02;
            return new StampedPose(100 + i / 30.0, RigidTransform.FromAxisAngle(0, 0, 1, a, 2 * Math.Cos(a), 2 * Math.Sin(a), 1 + 0.2 * Math.Sin(3 * a)));
        });
        string path = Path.Combine(dir, "gt.txt");
        TumTrajectoryFile.Write(path, poses);
        return path;
    }

    private static double Number(string output, string pattern) =>
        double.Parse(Regex.Match(output, pattern).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>The command reports the noise it added and an ATE within the tolerance the alignment allows:
    /// rigid alignment absorbs 6 of the 3N noise degrees of freedom, so ATE is at most the added RMS and, for
    /// 300 poses, no more than 3 % below it.</summary>
    [Fact]
    public void Self_test_reports_the_added_noise_and_an_ate_matching_it()
    {
        string gt = WriteCircle(300);
        string plots = Path.Combine(dir, "plots");
        var result = CliProcess.NiceSlam($"evaluate --gt \"{gt}\" --self-test --noise-cm 2 --seed 5 --out \"{plots}\"");
        Assert.True(result.ExitCode == 0, result.All);
        double added = Number(result.StdOut, @"added noise: RMS ([0-9.]+) cm");
        double ate = Number(result.StdOut, @"ATE RMSE: ([0-9.]+) cm");
        Assert.InRange(added, 2 * Math.Sqrt(3) * 0.9, 2 * Math.Sqrt(3) * 1.1);
        Assert.InRange(ate / added, 0.97, 1.0005);
        Assert.True(File.Exists(Path.Combine(plots, "trajectory.png")));
        Assert.True(File.Exists(Path.Combine(plots, "ate.png")));
        var report = EvaluationReport.FromJson(File.ReadAllText(Path.Combine(plots, "evaluation.json")));
        Assert.Equal(ate, report.AteRmseCm, 2);
    }

    [Fact]
    public void An_estimate_equal_to_the_ground_truth_has_zero_error()
    {
        string gt = WriteCircle(50);
        var result = CliProcess.NiceSlam($"evaluate --gt \"{gt}\" --est \"{gt}\"");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal(0, Number(result.StdOut, @"ATE RMSE: ([0-9.]+) cm"));
        Assert.Contains("50 matched poses", result.StdOut);
    }

    [Fact]
    public void A_bad_line_is_reported_with_file_and_line_and_a_non_zero_exit()
    {
        string gt = WriteCircle(10);
        string bad = Path.Combine(dir, "bad.txt");
        File.WriteAllLines(bad, ["# header", "100.0 1 2 3 0 0 0 1", "100.1 1 2 three 0 0 0 1"]);
        var result = CliProcess.NiceSlam($"evaluate --gt \"{gt}\" --est \"{bad}\"");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bad.txt:3", result.StdErr);
        Assert.DoesNotContain("Unhandled exception", result.All);
    }

    [Fact]
    public void Est_and_self_test_together_are_refused()
    {
        string gt = WriteCircle(10);
        var result = CliProcess.NiceSlam($"evaluate --gt \"{gt}\" --est \"{gt}\" --self-test");
        Assert.Equal(2, result.ExitCode);
    }

    [RealDataFact(SharedData.TumFr1Rpy)]
    public void Self_test_on_the_real_tum_ground_truth()
    {
        string gt = Path.Combine(SharedData.Path(SharedData.TumFr1Rpy), "groundtruth.txt");
        var result = CliProcess.NiceSlam($"evaluate --gt \"{gt}\" --self-test --noise-cm 1 --seed 2");
        Assert.True(result.ExitCode == 0, result.All);
        double added = Number(result.StdOut, @"added noise: RMS ([0-9.]+) cm");
        double ate = Number(result.StdOut, @"ATE RMSE: ([0-9.]+) cm");
        Assert.InRange(ate / added, 0.97, 1.0005);
    }
}
