using System.CommandLine;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Evaluation;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Cli.Commands;

/// <summary>`nice-slam evaluate`: ATE/RPE of an estimate against ground truth, or the self-test that compares the
/// ground truth with a rigidly moved, noised copy of itself.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var gt = new Option<FileInfo>("--gt") { Description = "Ground-truth trajectory (TUM format).", Required = true };
        var est = new Option<FileInfo?>("--est") { Description = "Estimated trajectory (TUM format)." };
        var selfTest = new Option<bool>("--self-test") { Description = "Evaluate the ground truth against itself rigidly moved and noised (checks the evaluation)." };
        var noiseCm = new Option<double>("--noise-cm") { Description = "Self-test: position noise std per axis, cm.", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<int>("--seed") { Description = "Self-test: random seed.", DefaultValueFactory = _ => 1 };
        var maxDt = new Option<double>("--max-dt") { Description = "Max timestamp difference when matching poses, s.", DefaultValueFactory = _ => TrajectoryAssociation.DefaultMaxDifference };
        var delta = new Option<int>("--rpe-delta") { Description = "RPE step, in matched poses.", DefaultValueFactory = _ => 1 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for plots (trajectory.png, ate.png) and evaluation.json." };
        var command = new Command("evaluate", "ATE (rigid Horn/Umeyama alignment, no scale) and RPE of a TUM-format trajectory.")
        {
            gt, est, selfTest, noiseCm, seed, maxDt, delta, output,
        };
        command.SetAction(parse =>
        {
            var gtFile = parse.GetValue(gt)!;
            var estFile = parse.GetValue(est);
            bool self = parse.GetValue(selfTest);
            if (self == (estFile is not null))
            {
                Console.Error.WriteLine("evaluate: give either --est FILE or --self-test");
                return 2;
            }
            try
            {
                var groundTruth = TumTrajectoryFile.Read(gtFile.FullName);
                Trajectory estimate;
                if (self)
                {
                    double sigma = parse.GetValue(noiseCm) / 100;
                    var perturbed = TrajectoryPerturbation.Apply(groundTruth, sigma, parse.GetValue(seed));
                    estimate = perturbed.Trajectory;
                    Console.WriteLine($"self-test: moved the ground truth by {perturbed.RigidMotion.RotationAngle() * 180 / Math.PI:0.0}° and "
                        + $"{perturbed.RigidMotion.TranslationNorm():0.00} m, added position noise sigma {sigma * 100:0.00} cm per axis");
                    Console.WriteLine($"added noise: RMS {perturbed.NoiseRms * 100:0.000} cm over {groundTruth.Count} poses");
                }
                else
                {
                    estimate = TumTrajectoryFile.Read(estFile!.FullName);
                }
                var report = Evaluate(estimate, groundTruth, parse.GetValue(maxDt), parse.GetValue(delta), parse.GetValue(output)?.FullName,
                    self ? "self-test" : Path.GetFileName(estFile!.FullName));
                Console.WriteLine($"ATE RMSE: {report.AteRmseCm:0.000} cm (mean {report.AteMetres.Mean * 100:0.000}, median {report.AteMetres.Median * 100:0.000}, "
                    + $"max {report.AteMetres.Max * 100:0.000} cm) over {report.MatchedPoses} matched poses, {report.UnmatchedEstimates} unmatched");
                if (report.Rpe is { } rpe)
                    Console.WriteLine($"RPE (delta {rpe.Delta}): translation RMSE {rpe.Translation.Rmse * 100:0.000} cm, rotation RMSE {rpe.RotationDegrees.Rmse:0.000}°");
                return 0;
            }
            catch (Exception e) when (e is DatasetException or ArgumentException or IOException)
            {
                Console.Error.WriteLine($"evaluate: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Computes ATE and RPE; with <paramref name="outputDirectory"/> also writes the plots and the JSON report.</summary>
    public static EvaluationReport Evaluate(Trajectory estimate, Trajectory groundTruth, double maxDifference, int rpeDelta,
        string? outputDirectory, string title)
    {
        var ate = AbsoluteTrajectoryError.Compute(estimate, groundTruth, maxDifference);
        var rpe = ate.Statistics.Count > rpeDelta ? RelativePoseError.Compute(estimate, groundTruth, rpeDelta, maxDifference) : null;
        var report = EvaluationReport.From(ate, rpe);
        if (outputDirectory is not null)
        {
            Directory.CreateDirectory(outputDirectory);
            TrajectoryPlots.SaveTopView(Path.Combine(outputDirectory, "trajectory.png"), ate.MatchedGroundTruth, ate.AlignedEstimate,
                $"{title}: ATE {report.AteRmseCm:0.00} cm");
            TrajectoryPlots.SaveErrorPlot(Path.Combine(outputDirectory, "ate.png"), ate.Errors, $"{title}: translation error per pose");
            File.WriteAllText(Path.Combine(outputDirectory, "evaluation.json"), report.ToJson());
            Console.WriteLine($"wrote {Path.Combine(outputDirectory, "trajectory.png")}, ate.png, evaluation.json");
        }
        return report;
    }
}
