using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using NiceSlam.Cli.Running;
using NiceSlam.Core.Compute;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Preprocessing;
using NiceSlam.Data.Evaluation;
using NiceSlam.Data.Trajectories;
using NiceSlam.Node;
using TorchSharp;

namespace NiceSlam.Cli.Commands;

/// <summary>
/// `nice-slam odometry`: the tracking front end's dense RGB-D odometry alone, no map: each frame aligned to the last
/// frame (<c>--reference last</c>, frame to frame) or to the nearest tracking keyframe, through the same input
/// pipeline as `run`. Prints time per frame (with the matmul rate), ATE and RPE against the ground truth, and the
/// frames recovered and lost; writes the trajectory and a JSON report.
/// </summary>
internal static class OdometryCommand
{
    public static Command Create()
    {
        var source = new SourceOptions();
        var reference = new Option<string>("--reference") { Description = "keyframe (nearest tracking keyframe) or last (frame to frame).", DefaultValueFactory = _ => "last" };
        var preset = new Option<string>("--preset") { Description = $"Settings preset for the odometry settings: {string.Join(", ", SlamPresets.Names)}.", DefaultValueFactory = _ => "cpu" };
        var set = new Option<string[]>("--set") { Description = "Override an engine setting, Group.Name=value (repeatable; the flat names of before the groups work too), e.g. --set Odometry.Iterations=8.", AllowMultipleArgumentsPerToken = true };
        var width = new Option<int>("--width") { Description = $"Processing width (0: datasets {NodeOptions.DefaultWidth} wide with the camera's aspect, synthetic its rendered size).", DefaultValueFactory = _ => 0 };
        var height = new Option<int>("--height") { Description = "Processing height.", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "CPU threads for tensors (0: all cores).", DefaultValueFactory = _ => 0 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder (default: out/<source name>-odometry)." };
        var verbose = new Option<bool>("--verbose") { Description = "Print every frame's alignment (else only recovered and lost frames)." };
        var command = new Command("odometry", "Dense RGB-D odometry alone (no map): time per frame, ATE and RPE.");
        source.AddTo(command);
        foreach (var option in new Option[] { reference, preset, set, width, height, threads, output, verbose })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            try
            {
                var options = SlamPresets.Get(parse.GetValue(preset)!);
                foreach (var assignment in parse.GetValue(set) ?? []) SlamOptionsOverrides.Apply(options, assignment);
                options.Tracking.FrontEnd = TrackingFrontEnd.Odometry;
                options.Odometry.Reference = parse.GetValue(reference)!.ToLowerInvariant() switch
                {
                    "last" => OdometryReference.LastFrame,
                    "keyframe" => OdometryReference.Keyframe,
                    var other => throw new ArgumentException($"--reference must be keyframe or last, got '{other}'"),
                };
                options.Validate();
                var dataset = source.Open(parse);
                var input = new NodeOptions { MaxFrames = source.FrameCount(parse, dataset) };
                (input.Width, input.Height) = dataset is Data.Synthetic.SyntheticSequence ? (0, 0) : (NodeOptions.DefaultWidth, (int)Math.Round(NodeOptions.DefaultWidth * (double)dataset.Intrinsics.Height / dataset.Intrinsics.Width));
                if (parse.GetValue(width) > 0 && parse.GetValue(height) > 0) (input.Width, input.Height) = (parse.GetValue(width), parse.GetValue(height));
                input.Validate();
                string outDir = parse.GetValue(output)?.FullName
                    ?? Path.Combine(Environment.CurrentDirectory, "out", SlamRun.SafeName(dataset.Name) + "-odometry");
                // The odometry alone reads the dataset directly (resized to the processing size), not through the bus.
                using var frames = new PreprocessedDataset(dataset, new PreprocessOptions { ResizeTo = input.Width > 0 ? (input.Width, input.Height) : null });
                using var interrupt = new ConsoleInterrupt();
                return Run(Read(frames, input.MaxFrames, interrupt.Token), options, parse.GetValue(threads), dataset.Name, outDir, parse.GetValue(verbose), interrupt.Token);
            }
            catch (Exception e) when (e is DatasetException or ArgumentException or IOException or InvalidOperationException)
            {
                Console.Error.WriteLine($"odometry: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static IEnumerable<RgbdFrame> Read(IRgbdDataset dataset, int maxFrames, CancellationToken cancellation)
    {
        int count = maxFrames > 0 ? Math.Min(maxFrames, dataset.Count) : dataset.Count;
        for (int i = 0; i < count && !cancellation.IsCancellationRequested; i++) yield return dataset.ReadFrame(i);
    }

    private static int Run(IEnumerable<RgbdFrame> frames, SlamOptions options, int threads, string name, string outDir, bool verbose, CancellationToken cancellation)
    {
        var device = ComputeDevice.Select("cpu", threads);
        Directory.CreateDirectory(outDir);
        double gflops = EngineBenchmark.MatmulGflops(device);
        Console.WriteLine($"odometry of {name}: reference {options.Odometry.Reference}, {options.Odometry.Levels} levels, {options.Odometry.Iterations} iterations at the finest "
            + $"(x2 per coarser level), {options.Odometry.RobustLoss}; {torch.get_num_threads()} threads, matmul {gflops:0.0} GFLOP/s");
        using var tracker = new Tracker(options, new torch.Generator((ulong)options.Seed));
        var estimate = new List<StampedPose>();
        var truth = new List<StampedPose>();
        var times = new List<double>();
        int lost = 0, recovered = 0;
        RigidTransform? before = null;
        CameraIntrinsics? intrinsics = null;
        foreach (var frame in frames)
        {
            intrinsics ??= frame.Intrinsics;
            using var tensors = new FrameTensors(frame, device);
            if (frame.GroundTruthPose is { } gt) truth.Add(new StampedPose(frame.Timestamp, gt));
            if (estimate.Count == 0)
            {
                var first = frame.GroundTruthPose ?? RigidTransform.Identity;
                tracker.Anchor(tensors, first);
                estimate.Add(new StampedPose(frame.Timestamp, first));
                continue;
            }
            var previous = estimate[^1].Pose;
            var result = tracker.Track(null, tensors, Tracker.Predict(before, previous, options.Tracking.ConstantVelocity));
            before = previous;
            times.Add(result.Milliseconds);
            if (result.Lost) lost++;
            if (result.Recovered) recovered++;
            estimate.Add(new StampedPose(frame.Timestamp, result.Lost ? previous : result.Pose));
            if (result.Lost || result.Recovered || verbose)
                Console.WriteLine($"frame {frame.Index} (ref {result.ReferenceFrame}, keyframes {tracker.References.Keyframes.Count}): {result.Outcome}{(result.LostReason is { } why ? $" ({why})" : "")}; {result.Odometry}");
        }
        var report = new Dictionary<string, object?>
        {
            ["source"] = name,
            ["intrinsics"] = intrinsics?.ToString(),
            ["reference"] = options.Odometry.Reference.ToString(),
            ["frames"] = estimate.Count,
            ["lost"] = lost,
            ["recovered"] = recovered,
            ["msPerFrame"] = times.Count == 0 ? 0 : times.Average(),
            ["msPerFrameMedian"] = times.Count == 0 ? 0 : times.Order().ElementAt(times.Count / 2),
            ["matmulGflops"] = gflops,
            ["threads"] = torch.get_num_threads(),
        };
        var trajectory = new Trajectory(estimate);
        TumTrajectoryFile.Write(Path.Combine(outDir, "trajectory.txt"), trajectory, $"odometry of {name} ({options.Odometry.Reference})");
        Console.WriteLine($"{estimate.Count} frames, {recovered} recovered, {lost} lost; {report["msPerFrame"]:0.0} ms/frame "
            + $"(median {report["msPerFrameMedian"]:0.0}) at matmul {gflops:0.0} GFLOP/s");
        if (truth.Count >= 3 && estimate.Count >= 3)
        {
            var evaluation = EvaluateCommand.Evaluate(trajectory, new Trajectory(truth), TrajectoryAssociation.DefaultMaxDifference, 1, outDir, $"{name} odometry");
            report["evaluation"] = evaluation;
            report["ateRmseCm"] = evaluation.AteRmseCm;
            if (evaluation.Rpe is { } rpe)
                Console.WriteLine($"ATE RMSE {evaluation.AteRmseCm:0.00} cm; RPE per frame: translation RMSE {rpe.Translation.Rmse * 100:0.00} cm, rotation RMSE {rpe.RotationDegrees.Rmse:0.000}°");
        }
        File.WriteAllText(Path.Combine(outDir, "report.json"), JsonSerializer.Serialize(report, EvaluationReport.JsonOptions));
        return 0;
    }
}
