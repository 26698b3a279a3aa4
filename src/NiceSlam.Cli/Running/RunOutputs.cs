using System.Diagnostics;
using System.Text.Json;
using NiceSlam.Cli.Commands;
using NiceSlam.Core.Compute;
using NiceSlam.Core.Diagnostics;
using NiceSlam.Core.Rendering;
using NiceSlam.Data.Evaluation;
using NiceSlam.Data.Meshes;
using NiceSlam.Data.Synthetic;
using NiceSlam.Data.Trajectories;
using NiceSlam.Node;
using NiceSlam.Node.Engine;
using NiceSlam.Node.Diagnostics;
using NiceSlam.Node.Input;
using TorchSharp;

namespace NiceSlam.Cli.Running;

/// <summary>
/// The offline outputs of a run, from the engine's final state: trajectory.txt (TUM), trajectory_groundtruth.txt,
/// trajectory.png / ate.png / evaluation.json (with ground truth), mesh.ply (culled to the keyframes), the depth L1
/// of the map at the keyframes, reconstruction metrics on the synthetic sequence, and report.json with every
/// setting, count and timing, the matmul rate at the start and the end, and the memory peaks per engine stage.
/// </summary>
internal sealed class RunOutputs(string outDir, string sourceName, NodeOptions settings, SlamEngine engine, RunRecorder recorder, InputCounters input)
{
    public SyntheticSequence? Synthetic { get; init; }
    public bool Mesh { get; init; } = true;

    /// <summary>The matmul rate measured before the run (GFLOP/s); the report measures it again at the end.</summary>
    public double? MatmulGflopsAtStart { get; init; }

    /// <summary>The run's memory sampler (per-stage peaks in the report), when one ran.</summary>
    public MemoryMonitor? Memory { get; init; }

    /// <summary>The memory trace of the run (<c>memory_trace_every</c>), whose samples and verdict go in the report.</summary>
    public Node.Diagnostics.MemoryTrace? MemoryTrace { get; init; }

    /// <summary>Completion per room: the seen surface points ([3N] xyz) inside each room (x within its walls; a partition
    /// belongs to the room on its -x side) against the whole mesh; a room with fewer than 50 points seen is reported
    /// unseen. No accuracy per room: the whole mesh against one room's points would measure the other rooms' mesh.</summary>
    public static List<RoomReconstruction> PerRoomCompletion(IReadOnlyList<SceneBounds> rooms, float[] seen, Core.Meshing.TriangleMesh mesh)
    {
        var result = new List<RoomReconstruction>();
        for (int i = 0; i < rooms.Count; i++)
        {
            double low = i == 0 ? double.NegativeInfinity : rooms[i].Min.X + 0.1, high = i == rooms.Count - 1 ? double.PositiveInfinity : rooms[i].Max.X + 0.1;
            var inside = new List<float>();
            for (int p = 0; p < seen.Length; p += 3)
                if (seen[p] >= low && seen[p] < high) inside.AddRange(seen.AsSpan(p, 3));
            int points = inside.Count / 3;
            var metrics = points >= 50 ? ReconstructionMetrics.Compute([.. inside], mesh) : null;
            result.Add(new RoomReconstruction(i, points, metrics?.Completion, metrics?.CompletionRatio));
        }
        return result;
    }

    public SlamRunSummary Write(int framesRequested, double slamSeconds, bool interrupted, Exception? failure)
    {
        var system = engine.System;
        var options = engine.Options;
        var counters = system.Counters;
        var trajectory = system.Trajectory;
        using var finalMap = system.AcquireMap();
        var estimate = new Trajectory(trajectory.Select(p => new StampedPose(p.Timestamp, p.Pose)));
        using (EngineActivity.Enter("trajectory files"))
            TumTrajectoryFile.Write(Path.Combine(outDir, "trajectory.txt"), estimate, $"NICE-SLAM.NET estimate of {sourceName}, preset {settings.Preset}");
        var split = recorder.TrackingSplitMs;
        var report = new Dictionary<string, object?>
        {
            ["source"] = sourceName,
            ["preset"] = settings.Preset,
            ["settings"] = options,
            ["decoderWeights"] = engine.DecoderWeights,
            ["device"] = engine.Device.ToString(),
            ["threads"] = torch.get_num_threads(),
            ["processedIntrinsics"] = recorder.ProcessedIntrinsics?.ToString(),
            ["framesRequested"] = framesRequested,
            ["framesTracked"] = estimate.Count,
            ["framesRejected"] = recorder.Rejected + input.Rejected,
            ["inputRejections"] = input.ToString(),
            ["trackingFrontEnd"] = options.Tracking.FrontEnd.ToString(),
            ["framesLost"] = counters.Lost,
            ["framesRecovered"] = recorder.Recovered,
            ["loopClosures"] = counters.LoopClosures,
            ["poseGraphCorrections"] = counters.PoseGraphCorrections,
            ["lostFrames"] = recorder.LostFrames,
            ["rejections"] = recorder.Rejections,
            ["keyframes"] = finalMap?.Snapshot.Keyframes.Count ?? 0,
            ["interrupted"] = interrupted,
            ["error"] = failure?.Message,
            ["bounds"] = finalMap?.Snapshot.Bounds.ToString(),
            ["mapParameters"] = finalMap?.Snapshot.Map.ParameterCount,
            ["mapVolume"] = finalMap?.Snapshot.Bounds.Volume,
            ["mapGrowths"] = counters.MapGrowths,
            ["mapGrowthsRefused"] = counters.MapGrowthsRefused,
            ["mappingFailures"] = counters.MappingFailures,
            ["timingsMs"] = new Dictionary<string, double>
            {
                ["trackingPerFrame"] = counters.TrackingMsPerFrame,
                ["odometryPerFrame"] = split.Odometry,
                ["renderingTrackingPerFrame"] = split.Rendering,
                ["trackingPerIteration"] = counters.TrackingMsPerIteration,
                ["mappingPerCall"] = counters.MappingMsPerCall,
                ["mappingPerIteration"] = counters.MappingMsPerIteration,
                ["trackingTotal"] = counters.TrackingMsTotal,
                ["mappingTotal"] = counters.MappingMsTotal,
                ["slamTotal"] = slamSeconds * 1000,
            },
            ["mappingCalls"] = counters.Mapped,
            ["framesPerSecond"] = estimate.Count / Math.Max(slamSeconds, 1e-9),
        };

        double? ate = null, completionRatio = null, depthL1 = null;
        var groundTruth = recorder.GroundTruth;
        if (groundTruth.Count > 0)
        {
            var truth = new Trajectory(groundTruth);
            TumTrajectoryFile.Write(Path.Combine(outDir, "trajectory_groundtruth.txt"), truth, $"ground truth of {sourceName}");
            if (estimate.Count >= 3)
            {
                using var plots = EngineActivity.Enter("evaluation and plots");
                var evaluation = EvaluateCommand.Evaluate(estimate, truth, TrajectoryAssociation.DefaultMaxDifference, 1, outDir, $"{sourceName} NICE-SLAM.NET");
                ate = evaluation.AteRmseCm;
                report["ateRmseCm"] = ate;
                report["evaluation"] = evaluation;
                Console.WriteLine($"ATE RMSE {ate:0.000} cm over {evaluation.MatchedPoses} poses");
            }
        }

        if (finalMap is { Snapshot.Keyframes.Count: > 0 } lease)
        {
            // Depth L1 of views rendered from the final map at the keyframes' poses (every 2nd valid pixel), always
            // with the reference's sampling (32 + 16), whatever the run mapped with: rendered depth depends on where
            // the samples sit, so a metric rendered with the run's own sampling would not compare two settings (a map
            // fitted with 24 + 16 samples scored 4.7 cm rendered with 24 + 16 and 5.9 cm with 32 + 16).
            var sampling = RaySampling.ReferenceDefault;
            var map = lease.Snapshot;
            // The engine has stopped: what malloc still keeps of its loops goes back first, so this stage's
            // renders start from what is in use (it was the run's peak: + 200 MiB on top of the loops' retained heap).
            NativeAllocator.ReturnFreeMemory();
            using var depthL1Stage = EngineActivity.Enter("keyframe depth L1");
            depthL1 = map.Keyframes.Average(k => FrameRenderer.DepthL1(map.Map, k.Frame, k.CameraToWorld, sampling, 2, options.Rendering.Fused)) * 100;
            report["depthL1Cm"] = depthL1;
            NativeAllocator.ReturnFreeMemory();
            Console.WriteLine($"depth L1 of the map rendered at {map.Keyframes.Count} keyframes: {depthL1:0.00} cm");
        }

        int faces = 0;
        if (Mesh && finalMap is not null)
        {
            var watch = Stopwatch.StartNew();
            Core.Meshing.TriangleMesh mesh;
            using (EngineActivity.Enter("meshing")) mesh = finalMap.Snapshot.ExtractMesh(options.Meshing.Voxel, options.Meshing.CullDepthMargin);
            faces = mesh.FaceCount;
            NativeAllocator.ReturnFreeMemory();
            string meshPath = Path.Combine(outDir, "mesh.ply");
            PlyWriter.Write(meshPath, mesh);
            report["mesh"] = new { vertices = mesh.VertexCount, faces = mesh.FaceCount, voxel = options.Meshing.Voxel, milliseconds = watch.Elapsed.TotalMilliseconds };
            Console.WriteLine($"wrote {meshPath}: {mesh.VertexCount} vertices, {mesh.FaceCount} faces ({watch.Elapsed.TotalSeconds:0.0} s)");
            if (Synthetic is { } synthetic && estimate.Count > 0)
            {
                using var metricsStage = EngineActivity.Enter("reconstruction metrics");
                var seen = synthetic.SeenSurfacePoints(estimate.Count);
                int count = estimate.Count;
                var metrics = ReconstructionMetrics.Compute(seen, mesh, surfaceDistance: p => synthetic.SurfaceDistance(p, count));
                completionRatio = metrics.CompletionRatio;
                report["reconstruction"] = metrics;
                Console.WriteLine($"reconstruction vs. the synthetic scene: accuracy {metrics.Accuracy * 100:0.00} cm (to its surfaces), "
                    + $"completion {metrics.Completion * 100:0.00} cm (of the surfaces seen), "
                    + $"completion ratio (5 cm) {metrics.CompletionRatio:P1}");
                if (synthetic.Rooms.Count > 1)
                {
                    // Per room of a tour: does the map cover every room the camera entered?
                    var rooms = PerRoomCompletion(synthetic.Rooms, seen, mesh);
                    report["reconstructionPerRoom"] = rooms;
                    Console.WriteLine("completion ratio (5 cm) per room: " + string.Join(", ",
                        rooms.Select(r => r.CompletionRatio is { } ratio ? $"room {r.Room} {ratio:P1} ({r.Points} points)" : $"room {r.Room} not seen")));
                }
            }
        }
        report["peakWorkingSetMiB"] = MemoryMonitor.PeakWorkingSetMiB;
        if (MemoryTrace is { Samples.Count: > 0 } trace)
        {
            report["memoryTrace"] = trace.Samples;
            report["memoryVerdict"] = Node.Diagnostics.MemoryTrace.Verdict(trace.Samples);    // the trace logged it at shutdown
        }
        var stages = Memory?.Stages ?? [];
        long keyframeBytes = finalMap?.Snapshot.Keyframes.Sum(k => (k.Frame.Depth.numel() + k.Frame.Color.numel()) * 4 + k.Frame.ValidPixels.numel() * 8) ?? 0;
        report["memory"] = new Dictionary<string, object?>
        {
            ["peakWorkingSetMiB"] = MemoryMonitor.PeakWorkingSetMiB,
            ["stages"] = stages,
            ["keyframeStoreMiB"] = keyframeBytes / (1024.0 * 1024.0),
            ["mapMiB"] = finalMap?.Snapshot.Map.ParameterCount * 4 / (1024.0 * 1024.0),
            ["allocator"] = NativeAllocator.Configure(),
        };
        // The machine's speed beside the timings (they compare across machines and runs only as ratios to it): at the
        // end, and at the start when measured.
        double gflops = EngineBenchmark.MatmulGflops(engine.Device);
        report["matmulGflops"] = gflops;
        report["matmulGflopsAtStart"] = MatmulGflopsAtStart;
        string reportPath = Path.Combine(outDir, "report.json");
        File.WriteAllText(reportPath, JsonSerializer.Serialize(report, EvaluationReport.JsonOptions));
        Console.WriteLine($"tracking ({options.Tracking.FrontEnd}) {counters.TrackingMsPerFrame:0} ms/frame: odometry {split.Odometry:0} ms, "
            + $"rendering {split.Rendering:0} ms ({counters.TrackingMsPerIteration:0.0} ms/iteration); {recorder.Recovered} frames recovered, {counters.Lost} lost; "
            + $"{counters.LoopClosures} loop closures, {counters.PoseGraphCorrections} pose-graph corrections");
        Console.WriteLine($"mapping {counters.MappingMsPerCall:0} ms/call ({counters.MappingMsPerIteration:0.0} ms/iteration), "
            + $"{slamSeconds / Math.Max(1, estimate.Count):0.00} s/frame overall; matmul "
            + (MatmulGflopsAtStart is { } start ? $"{start:0.0} / {gflops:0.0} GFLOP/s (start / end)" : $"{gflops:0.0} GFLOP/s"));
        if (finalMap is not null)
            Console.WriteLine($"map {finalMap.Snapshot.Bounds} ({finalMap.Snapshot.Bounds.Volume:0.#} m³, {finalMap.Snapshot.Map.ParameterCount * 4 / (1024.0 * 1024.0):0.#} MiB): "
                + $"grew {counters.MapGrowths} time(s), {counters.MapGrowthsRefused} growth(s) refused at the cap"
                + (counters.MappingFailures > 0 ? $"; {counters.MappingFailures} mapping call(s) failed in libtorch (frames not mapped)" : ""));
        if (stages.Count > 0)
            Console.WriteLine($"peak working set {MemoryMonitor.PeakWorkingSetMiB:0} MiB; per stage (working set / native heap in use / managed, MiB): "
                + string.Join(", ", stages.Select(st => $"{st.Stage} {st.PeakWorkingSetMiB:0} / {st.PeakNativeHeapMiB:0} / {st.PeakManagedHeapMiB:0}")));
        Console.WriteLine($"wrote {reportPath}");
        return new SlamRunSummary(estimate.Count, recorder.Rejected, ate, completionRatio, depthL1, faces, interrupted, slamSeconds / Math.Max(1, estimate.Count));
    }
}

/// <summary>One room's completion (mean distance, metres) and completion ratio in a run's report (null when the room
/// was not seen).</summary>
public sealed record RoomReconstruction(int Room, int Points, double? Completion, double? CompletionRatio);
