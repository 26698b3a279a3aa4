using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using NiceSlam.Core.Frames;
using NiceSlam.Data.Checks;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Evaluation;
using NiceSlam.Data.Images;
using NiceSlam.Data.Preprocessing;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Cli.Commands;

/// <summary>
/// `nice-slam run`: the main job. The SLAM engine (issue #4) is not written yet, so today it runs the data
/// pipeline and the evaluation end to end: read, preprocess, check geometric consistency of depth + ground-truth
/// poses frame to frame, write the ground-truth trajectory, the evaluation self-check, plots, a preview and a
/// JSON report. Ctrl+C stops reading and still writes what was computed.
/// </summary>
internal static class RunCommand
{
    /// <summary>Median reprojection residual above which (or inlier share below which) a warning is printed.</summary>
    private const double SuspectResidual = 0.05, SuspectInliers = 0.5;

    public static Command Create()
    {
        var source = new SourceOptions();
        var width = new Option<int>("--width") { Description = "Processing width (0: the source's; with --height).", DefaultValueFactory = _ => 0 };
        var height = new Option<int>("--height") { Description = "Processing height (0: the source's).", DefaultValueFactory = _ => 0 };
        var crop = new Option<int>("--crop-edge") { Description = "Pixels removed from every border after resizing.", DefaultValueFactory = _ => 0 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder (default: out/<source name>)." };
        var command = new Command("run", "Run the main job on a source (today: data pipeline + evaluation; the SLAM engine comes with issue #4).");
        source.AddTo(command);
        command.Options.Add(width);
        command.Options.Add(height);
        command.Options.Add(crop);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            try
            {
                var dataset = source.Open(parse);
                string outDir = parse.GetValue(output)?.FullName
                    ?? Path.Combine(Environment.CurrentDirectory, "out", SafeName(dataset.Name));
                var resize = parse.GetValue(width) > 0 && parse.GetValue(height) > 0 ? (parse.GetValue(width), parse.GetValue(height)) : ((int, int)?)null;
                var preprocess = new PreprocessOptions { ResizeTo = resize, CropEdge = parse.GetValue(crop) };
                using var interrupt = new ConsoleInterrupt();
                return Run(dataset, source.FrameCount(parse, dataset), preprocess, outDir, interrupt.Token);
            }
            catch (Exception e) when (e is DatasetException or ArgumentException or IOException or InvalidOperationException)
            {
                Console.Error.WriteLine($"run: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    internal static int Run(IRgbdDataset dataset, int frames, PreprocessOptions preprocess, string outDir, CancellationToken cancellation)
    {
        Console.WriteLine("note: the SLAM engine (tracking, mapping, meshing) is not implemented yet (issue #4): this run reads and "
            + "preprocesses the frames, checks depth and ground-truth poses against each other, and runs the evaluation end to end.");
        Console.WriteLine($"source: {dataset.Name}, {dataset.Count} frames, raw intrinsics {dataset.Intrinsics}, ground truth: {(dataset.HasGroundTruth ? "yes" : "no")}");
        using var preprocessor = new FramePreprocessor(dataset.Intrinsics, preprocess);
        Console.WriteLine($"processing {frames} frames at {preprocessor.Output}{(preprocessor.Undistorts ? " (undistorted)" : "")} -> {outDir}");
        Directory.CreateDirectory(outDir);

        var total = Stopwatch.StartNew();
        var readTime = new Stopwatch();
        var preprocessTime = new Stopwatch();
        var checkTime = new Stopwatch();
        var groundTruth = new List<StampedPose>();
        var checks = new List<(int Frame, ReprojectionResult Result)>();
        var validFractions = new List<double>();
        var progress = new ConsoleProgress(frames);
        RgbdFrame? previous = null;
        int processed = 0;
        bool interrupted = false;
        for (int i = 0; i < frames; i++)
        {
            if (cancellation.IsCancellationRequested) { interrupted = true; progress.Break(); break; }
            readTime.Start();
            var raw = dataset.ReadFrame(i);
            readTime.Stop();
            preprocessTime.Start();
            var frame = preprocessor.Process(raw);
            preprocessTime.Stop();
            if (i == 0) FramePreview.Save(Path.Combine(outDir, "frame0_preview.png"), frame);
            validFractions.Add((double)frame.ValidDepthCount() / frame.Depth.Length);
            if (frame.GroundTruthPose is { } pose) groundTruth.Add(new StampedPose(frame.Timestamp, pose));
            string status = "";
            if (previous?.GroundTruthPose is not null && frame.GroundTruthPose is not null)
            {
                checkTime.Start();
                var result = DepthReprojectionCheck.Compare(previous, frame);
                checkTime.Stop();
                checks.Add((i, result));
                status = $"reprojection median {result.MedianAbsResidual * 1000:0.0} mm, inliers {result.InlierFraction:P0}";
            }
            previous = frame;
            processed++;
            progress.Report(processed, $"{total.Elapsed.TotalMilliseconds / processed:0} ms/frame {status}");
        }
        if (interrupted) Console.WriteLine($"interrupted after {processed} frames: writing what was computed");

        var report = new Dictionary<string, object?>
        {
            ["engine"] = "not implemented yet (issue #4): data pipeline and evaluation only",
            ["source"] = dataset.Name,
            ["framesAvailable"] = dataset.Count,
            ["framesProcessed"] = processed,
            ["interrupted"] = interrupted,
            ["rawIntrinsics"] = dataset.Intrinsics.ToString(),
            ["processedIntrinsics"] = preprocessor.Output.ToString(),
            ["undistorted"] = preprocessor.Undistorts,
            ["timingsMs"] = new Dictionary<string, double>
            {
                ["readPerFrame"] = PerFrame(readTime, processed),
                ["preprocessPerFrame"] = PerFrame(preprocessTime, processed),
                ["reprojectionCheckPerPair"] = checks.Count == 0 ? 0 : checkTime.Elapsed.TotalMilliseconds / checks.Count,
                ["total"] = total.Elapsed.TotalMilliseconds,
            },
            ["framesPerSecond"] = processed / Math.Max(total.Elapsed.TotalSeconds, 1e-9),
            ["peakWorkingSetMiB"] = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0),
            ["validDepthFraction"] = validFractions.Count == 0 ? null : new { min = validFractions.Min(), mean = validFractions.Average() },
        };

        if (checks.Count > 0)
        {
            var medians = checks.Select(c => c.Result.MedianAbsResidual).Where(double.IsFinite).OrderBy(m => m).ToArray();
            double medianOfMedians = medians.Length == 0 ? double.NaN : medians[medians.Length / 2];
            double worstInliers = checks.Min(c => c.Result.InlierFraction);
            report["reprojectionCheck"] = new { pairs = checks.Count, medianResidualMm = medianOfMedians * 1000, worstInlierFraction = worstInliers };
            Console.WriteLine($"depth + pose consistency over {checks.Count} frame pairs: median residual {medianOfMedians * 1000:0.0} mm, worst inlier share {worstInliers:P0}");
            if (!(medianOfMedians < SuspectResidual) || worstInliers < SuspectInliers)
                Console.WriteLine("WARNING: depth, intrinsics and ground-truth poses do not agree: check the depth scale, the intrinsics and the pose convention (camera-to-world, optical frame)");
        }

        if (groundTruth.Count > 0)
        {
            var trajectory = new Trajectory(groundTruth);
            TumTrajectoryFile.Write(Path.Combine(outDir, "trajectory_groundtruth.txt"), trajectory, $"ground truth of {dataset.Name}");
            if (trajectory.Count >= 3)
            {
                const double noise = 0.01;
                var perturbed = TrajectoryPerturbation.Apply(trajectory, noise, seed: 1);
                var evaluation = EvaluateCommand.Evaluate(perturbed.Trajectory, trajectory, TrajectoryAssociation.DefaultMaxDifference, 1,
                    outDir, $"{dataset.Name} (evaluation self-check)");
                report["evaluationSelfCheck"] = new
                {
                    description = "ground truth vs. itself rigidly moved and noised (sigma 1 cm per axis)",
                    addedNoiseRmsCm = perturbed.NoiseRms * 100,
                    ateRmseCm = evaluation.AteRmseCm,
                };
                Console.WriteLine($"evaluation self-check: added noise RMS {perturbed.NoiseRms * 100:0.000} cm, ATE RMSE {evaluation.AteRmseCm:0.000} cm "
                    + $"over {evaluation.MatchedPoses} poses (path length {trajectory.PathLength():0.00} m)");
            }
        }
        string reportPath = Path.Combine(outDir, "report.json");
        File.WriteAllText(reportPath, JsonSerializer.Serialize(report, EvaluationReport.JsonOptions));
        Console.WriteLine($"wrote {reportPath}");
        return 0;
    }

    private static double PerFrame(Stopwatch watch, int frames) => frames == 0 ? 0 : watch.Elapsed.TotalMilliseconds / frames;

    private static string SafeName(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
