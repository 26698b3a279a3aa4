using System.Diagnostics;
using System.Text.Json;
using NiceSlam.Cli.Commands;
using NiceSlam.Core.Compute;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Meshing;
using NiceSlam.Core.Slam;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Evaluation;
using NiceSlam.Data.Images;
using NiceSlam.Data.Meshes;
using NiceSlam.Data.Preprocessing;
using NiceSlam.Data.Synthetic;
using NiceSlam.Data.Trajectories;
using NiceSlam.Data.Weights;
using NiceSlam.Node;
using NiceSlam.Node.Sources;
using TorchSharp;

namespace NiceSlam.Cli.Running;

/// <summary>What one `nice-slam run` produced (also returned to tests).</summary>
public sealed record SlamRunSummary(int FramesTracked, int FramesRejected, double? AteRmseCm, double? CompletionRatio, double? DepthL1Cm,
    int MeshFaces, bool Interrupted, double SecondsPerFrame);

/// <summary>
/// One run of the engine over a recording (dataset, synthetic sequence or rosbag2 bag): the recording goes
/// through the node's input pipeline (<see cref="RecordedFrames"/>: the same topics, synchronisation, decoding,
/// checks and resizing as live camera topics; nothing dropped), feeds the two loops, shows progress, and writes
/// trajectory.txt (TUM), trajectory_groundtruth.txt, mesh.ply, trajectory.png / ate.png / evaluation.json (with
/// ground truth) and report.json. An interrupted run writes what was computed.
/// </summary>
internal sealed class SlamRun(IRecordedSource source, NodeOptions input, SlamOptions options, string outDir)
{
    /// <summary>The synthetic sequence behind <c>source</c>, when it is one (for reconstruction metrics).</summary>
    public SyntheticSequence? Synthetic { get; init; }

    public string Device { get; init; } = "auto";
    public int Threads { get; init; }
    public bool Mesh { get; init; } = true;
    public string PresetName { get; init; } = "custom";

    /// <summary>A folder with the official NICE-SLAM checkpoints to use instead of the shipped decoders.</summary>
    public string? OfficialDecoders { get; init; }

    public SlamRunSummary? Summary { get; private set; }

    /// <summary>Dataset frames are processed at 160x120 (keeping 4:3) unless the user says otherwise.</summary>
    public static (int, int) DefaultDatasetSize(CameraIntrinsics k) => k.Width * 3 == k.Height * 4 ? (160, 120) : (160, (int)Math.Round(160.0 * k.Height / k.Width));

    public static string SafeName(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    public int Execute(CancellationToken cancellation)
    {
        var device = ComputeDevice.Select(Device, Threads);
        int frames = source.FrameCount ?? 0;
        Console.WriteLine($"source: {source.Name}, {(frames > 0 ? frames.ToString() : "?")} frames");
        Console.WriteLine($"running at {(input.Width > 0 ? $"{input.Width}x{(input.Height > 0 ? input.Height.ToString() : "(aspect)")}" : "the camera's size")} on {device.type} ({torch.get_num_threads()} threads), preset {PresetName}, "
            + $"sync {options.Sync}, bounds {(options.Bounds?.ToString() ?? "auto (first frame)")} -> {outDir}");
        Directory.CreateDirectory(outDir);

        // The colour decoder is not pretrained: SLAM trains it from an initialisation fixed by the seed.
        var decoders = new NiceDecoders(new torch.Generator((ulong)options.Seed));
        string weights = GeometryDecoders.Load(decoders, OfficialDecoders);
        Console.WriteLine($"decoders: {weights}");
        using var system = new SlamSystem(options, decoders, device);
        var total = Stopwatch.StartNew();
        var readTime = new Stopwatch();
        var progress = new ConsoleProgress(frames);
        var gate = new object();
        int seen = 0, rejected = 0, recovered = 0, tracked = 0;
        double odometryMs = 0, refinementMs = 0;
        var lost = new List<string>();
        double lastTrackMs = 0, lastMapMs = 0, lastLoss = double.NaN;
        var groundTruth = new List<StampedPose>();
        var rejections = new List<string>();

        var recorded = new RecordedFrames(source, input);
        CameraIntrinsics? processed = null;
        IEnumerable<RgbdFrame> Frames()
        {
            using var reader = recorded.Read(cancellation).GetEnumerator();
            for (int i = 0; !cancellation.IsCancellationRequested; i++)
            {
                readTime.Start();
                bool more = reader.MoveNext();
                readTime.Stop();
                if (!more) yield break;
                var frame = reader.Current;
                if (i == 0)
                {
                    processed = frame.Intrinsics;
                    Console.WriteLine($"frames at {frame.Intrinsics}{(recorded.Preparation?.Undistorts == true ? " (undistorted)" : "")}");
                    if (FramePreview.TrySave(Path.Combine(outDir, "frame0_preview.png"), frame) is { } why)
                        Console.WriteLine($"frame0_preview.png skipped: {why}");
                }
                lock (gate) if (frame.GroundTruthPose is { } gt) groundTruth.Add(new StampedPose(frame.Timestamp, gt));
                yield return frame;
            }
        }

        void OnFrame(FrameReport report)
        {
            lock (gate)
            {
                if (report.Mapping is { } m) { lastMapMs = m.Milliseconds; return; }
                seen++;
                if (report.Rejection is { } why) { rejected++; if (rejections.Count < 20) rejections.Add($"frame {report.FrameIndex}: {why}"); }
                if (report.Tracking is { } t)
                {
                    lastTrackMs = t.Milliseconds;
                    lastLoss = t.BestLoss;
                    tracked++;
                    odometryMs += t.OdometryMilliseconds;
                    refinementMs += t.Milliseconds - t.OdometryMilliseconds;
                    if (t.Recovered) recovered++;
                    if (t.Lost && lost.Count < 50) lost.Add($"frame {report.FrameIndex}: {t.LostReason}");
                }
                progress.Report(seen, $"track {lastTrackMs:0} ms, map {lastMapMs:0} ms, loss {lastLoss:0.000}, {total.Elapsed.TotalSeconds / seen:0.00} s/frame"
                    + (system.Counters.Lost > 0 ? $", {system.Counters.Lost} lost" : ""));
            }
        }

        bool interrupted = false;
        Exception? failure = null;
        try
        {
            system.RunAsync(Frames(), OnFrame, cancellation).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure = e;
            Console.Error.WriteLine($"\nrun: the engine stopped with an error: {e.Message}; writing what was computed");
        }
        interrupted = cancellation.IsCancellationRequested;
        if (interrupted) { progress.Break(); Console.WriteLine($"interrupted after {seen} frames: writing what was computed"); }
        double slamSeconds = total.Elapsed.TotalSeconds;

        var estimate = new Trajectory(system.Trajectory.Select(p => new StampedPose(p.Timestamp, p.Pose)));
        TumTrajectoryFile.Write(Path.Combine(outDir, "trajectory.txt"), estimate, $"NICE-SLAM.NET estimate of {source.Name}, preset {PresetName}");
        // The poses as the node publishes them (tf, odometry, path), in a bag RViz or Foxglove can open.
        string outputsBag = Path.Combine(outDir, "outputs");
        if (Directory.Exists(outputsBag)) Directory.Delete(outputsBag, recursive: true);
        Node.Outputs.TrajectoryBag.Write(outputsBag, system.Trajectory, system.AnchoredToGroundTruth, input);
        var report = new Dictionary<string, object?>
        {
            ["source"] = source.Name,
            ["preset"] = PresetName,
            ["settings"] = options,
            ["decoderWeights"] = weights,
            ["device"] = device.ToString(),
            ["threads"] = torch.get_num_threads(),
            ["processedIntrinsics"] = processed?.ToString(),
            ["framesRequested"] = frames,
            ["framesTracked"] = estimate.Count,
            ["framesRejected"] = rejected + (recorded.Counters?.Rejected ?? 0),
            ["inputRejections"] = recorded.Counters?.ToString(),
            ["trackingFrontEnd"] = options.TrackingFrontEnd.ToString(),
            ["framesLost"] = system.Counters.Lost,
            ["framesRecovered"] = recovered,
            ["lostFrames"] = lost,
            ["rejections"] = rejections,
            ["keyframes"] = system.Keyframes.Count,
            ["interrupted"] = interrupted,
            ["error"] = failure?.Message,
            ["bounds"] = system.Bounds?.ToString(),
            ["mapParameters"] = system.ReadMap(m => m.ParameterCount),
            ["timingsMs"] = new Dictionary<string, double>
            {
                ["readPerFrame"] = seen == 0 ? 0 : readTime.Elapsed.TotalMilliseconds / seen,
                ["trackingPerFrame"] = system.Counters.TrackingMsPerFrame,
                ["odometryPerFrame"] = tracked == 0 ? 0 : odometryMs / tracked,
                ["renderingTrackingPerFrame"] = tracked == 0 ? 0 : refinementMs / tracked,
                ["trackingPerIteration"] = system.Counters.TrackingMsPerIteration,
                ["mappingPerCall"] = system.Counters.MappingMsPerCall,
                ["mappingPerIteration"] = system.Counters.MappingMsPerIteration,
                ["trackingTotal"] = system.Counters.TrackingMsTotal,
                ["mappingTotal"] = system.Counters.MappingMsTotal,
                ["slamTotal"] = slamSeconds * 1000,
            },
            ["mappingCalls"] = system.Counters.Mapped,
            ["framesPerSecond"] = estimate.Count / Math.Max(slamSeconds, 1e-9),
        };

        double? ate = null, completionRatio = null, depthL1 = null;
        if (groundTruth.Count > 0)
        {
            var gtTrajectory = new Trajectory(groundTruth);
            TumTrajectoryFile.Write(Path.Combine(outDir, "trajectory_groundtruth.txt"), gtTrajectory, $"ground truth of {source.Name}");
            if (estimate.Count >= 3)
            {
                var evaluation = EvaluateCommand.Evaluate(estimate, gtTrajectory, TrajectoryAssociation.DefaultMaxDifference, 1, outDir, $"{source.Name} NICE-SLAM.NET");
                ate = evaluation.AteRmseCm;
                report["ateRmseCm"] = ate;
                report["evaluation"] = evaluation;
                Console.WriteLine($"ATE RMSE {ate:0.000} cm over {evaluation.MatchedPoses} poses");
            }
        }

        if (system.Keyframes.Count > 0)
        {
            // Depth L1 of views rendered from the final map at the keyframes' poses (every 2nd valid pixel).
            var sampling = new Core.Rendering.RaySampling(options.StratifiedSamples, options.NearSurfaceSamples);
            var errors = system.ReadMap(m => system.Keyframes.All.Select(k => Core.Rendering.FrameRenderer.DepthL1(m, k.Frame, k.Pose, sampling, 2)).ToArray());
            if (errors is { Length: > 0 })
            {
                depthL1 = errors.Average() * 100;
                report["depthL1Cm"] = depthL1;
                Console.WriteLine($"depth L1 of the map rendered at {errors.Length} keyframes: {depthL1:0.00} cm");
            }
        }

        int faces = 0;
        if (Mesh && system.Bounds is not null)
        {
            var meshWatch = Stopwatch.StartNew();
            var mesh = system.ExtractMesh()!;
            faces = mesh.FaceCount;
            string meshPath = Path.Combine(outDir, "mesh.ply");
            PlyWriter.Write(meshPath, mesh);
            report["mesh"] = new { vertices = mesh.VertexCount, faces = mesh.FaceCount, voxel = options.MeshVoxel, milliseconds = meshWatch.Elapsed.TotalMilliseconds };
            Console.WriteLine($"wrote {meshPath}: {mesh.VertexCount} vertices, {mesh.FaceCount} faces ({meshWatch.Elapsed.TotalSeconds:0.0} s)");
            if (Synthetic is { } synthetic && estimate.Count > 0)
            {
                var gtPoints = synthetic.SeenSurfacePoints(estimate.Count);
                var metrics = ReconstructionMetrics.Compute(gtPoints, mesh);
                completionRatio = metrics.CompletionRatio;
                report["reconstruction"] = metrics;
                Console.WriteLine($"reconstruction vs. the synthetic surfaces seen: accuracy {metrics.Accuracy * 100:0.00} cm, completion {metrics.Completion * 100:0.00} cm, "
                    + $"completion ratio (5 cm) {metrics.CompletionRatio:P1}");
            }
        }
        report["peakWorkingSetMiB"] = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        // The machine's speed beside the timings (they compare across machines and runs only as ratios to it).
        double gflops = EngineBenchmark.MatmulGflops(device);
        report["matmulGflops"] = gflops;
        string reportPath = Path.Combine(outDir, "report.json");
        File.WriteAllText(reportPath, JsonSerializer.Serialize(report, EvaluationReport.JsonOptions));
        Console.WriteLine($"tracking ({options.TrackingFrontEnd}) {system.Counters.TrackingMsPerFrame:0} ms/frame: odometry {(tracked == 0 ? 0 : odometryMs / tracked):0} ms, "
            + $"rendering {(tracked == 0 ? 0 : refinementMs / tracked):0} ms ({system.Counters.TrackingMsPerIteration:0.0} ms/iteration); "
            + $"{recovered} frames recovered, {system.Counters.Lost} lost");
        Console.WriteLine($"mapping {system.Counters.MappingMsPerCall:0} ms/call ({system.Counters.MappingMsPerIteration:0.0} ms/iteration), "
            + $"{slamSeconds / Math.Max(1, estimate.Count):0.00} s/frame overall; matmul {gflops:0.0} GFLOP/s");
        Console.WriteLine($"wrote {reportPath}");
        Summary = new SlamRunSummary(estimate.Count, rejected, ate, completionRatio, depthL1, faces, interrupted, slamSeconds / Math.Max(1, estimate.Count));
        return failure is null ? 0 : 1;
    }
}
