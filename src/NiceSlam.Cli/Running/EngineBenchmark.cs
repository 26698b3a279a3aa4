using System.Diagnostics;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Diagnostics;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Map;
using NiceSlam.Core.Mapping;
using NiceSlam.Core.Rendering;
using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;
using NiceSlam.Data.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Cli.Running;

/// <summary>One code path's measured costs at one pixel budget.</summary>
public sealed record PathTiming(double TrackingMsPerIteration, double MappingMsPerIteration, int SamplesPerRay, double TrackingPointsPerSecond,
    double MappingPointsPerSecond);

/// <summary>One pixel budget: the reference path and the fast path, measured alternately in the same run.</summary>
public sealed record BenchRow(int Pixels, PathTiming Reference, PathTiming Fast)
{
    public double TrackingSpeedup => Reference.TrackingMsPerIteration / Fast.TrackingMsPerIteration;
    public double MappingSpeedup => Reference.MappingMsPerIteration / Fast.MappingMsPerIteration;
}

/// <summary>One tracking front end's cost per frame at the <c>cpu</c> preset's budget.</summary>
public sealed record FrontEndRow(string FrontEnd, int Frames, double MillisecondsPerFrame, double OdometryMillisecondsPerFrame,
    double RenderingMillisecondsPerFrame);

/// <summary>The benchmark's figures: rows per pixel budget, the machine's matmul rate measured in the same run
/// (median of the rounds, and its range), the settings of both paths, with --profile the per-class profile, and the
/// tracking front ends per frame.</summary>
public sealed record BenchResult(IReadOnlyList<BenchRow> Rows, double MatmulGflops, double MatmulGflopsMin, double MatmulGflopsMax, int Threads,
    string Device, string ReferencePath, string FastPath, IReadOnlyList<IterationProfile>? Profiles = null)
{
    public IReadOnlyList<FrontEndRow> FrontEnds { get; init; } = [];
}

/// <summary>
/// Speed of the engine's two inner loops at the reference pixel budgets, for the reference path (the reference's
/// 32 + 16 samples per ray and evaluation: <c>Rendering.Sampling=Reference, Rendering.Fused=false</c>) and the fast path (fused
/// rendering with the chosen sampling: the reference's placement with 32, or fewer, stratified + 16 near-surface
/// samples, or depth-guided): one tracking iteration (render fine geometry + colour at N
/// pixels, loss, backward to the pose, Adam step) and one mapping iteration (averaged over the middle / fine /
/// colour stage schedule, N pixels over the window), on a synthetic frame with the shipped decoders and the Replica
/// grid sizes over the synthetic room. The two paths are measured alternately, round after round, and each figure is
/// the median over the rounds, so the load of a shared machine falls on both alike; float32 matmul GFLOP/s is measured
/// in every round too, so figures compare across machines as ratios.
/// </summary>
public static class EngineBenchmark
{
    /// <summary>The reference path's settings on top of <paramref name="options"/>: the reference's sampling (32 + 16)
    /// and evaluation.</summary>
    public static SlamOptions ReferencePath(SlamOptions options)
    {
        var reference = options.Clone();
        reference.Rendering.Sampling = RaySamplingMode.Reference;
        reference.Rendering.StratifiedSamples = RaySampling.ReferenceStratified;
        reference.Rendering.NearSurfaceSamples = RaySampling.ReferenceNearSurface;
        reference.Rendering.Fused = false;
        return reference;
    }

    public static string Describe(SlamOptions o) => o.Rendering.Sampling == RaySamplingMode.Reference
        ? $"{o.Rendering.StratifiedSamples} stratified + {o.Rendering.NearSurfaceSamples} near-surface samples, {(o.Rendering.Fused ? "fused" : "reference")} evaluation"
        : $"{o.Rendering.FreeSpaceSamples} free-space + {o.Rendering.SurfaceSamples} surface samples (band ±{o.Rendering.SurfaceBand:P0}), {(o.Rendering.Fused ? "fused" : "reference")} evaluation";

    /// <summary>The bench's scene: the synthetic room, its first frame and pose, and the Replica preset with the
    /// room as bounds (coarse iterations off).</summary>
    public static IterationScene CreateScene(Device device, NiceDecoders decoders)
    {
        var sequence = new SyntheticSequence(new SyntheticSequenceOptions { FrameCount = 2 });
        var frame = sequence.ReadFrame(0);
        var options = SlamPresets.Replica();
        options.Map.Bounds = sequence.MapBounds;
        options.Mapping.CoarseIterations = 0;
        var generator = new Generator(0);
        return new IterationScene(options, generator, HierarchicalMap.Create(options.Map.Bounds.Value, options, decoders, generator, device),
            new FrameTensors(frame, device), frame.GroundTruthPose!.Value);
    }

    public static BenchResult Run(Device device, IReadOnlyList<int> budgets, int iterations, NiceDecoders decoders, int rounds = 3, bool profile = false,
        RaySamplingMode sampling = RaySamplingMode.Reference, int stratified = RaySampling.ReferenceStratified)
    {
        using var scene = CreateScene(device, decoders);
        var fast = scene.Options.Clone();
        fast.Rendering.Sampling = sampling;
        fast.Rendering.StratifiedSamples = stratified;
        var reference = ReferencePath(fast);
        var paths = new[] { reference, fast };
        var rates = new List<double>();
        var tracking = budgets.Select(_ => paths.Select(_ => new List<double>()).ToArray()).ToArray();   // [budget][path] ms/iteration
        var mapping = budgets.Select(_ => paths.Select(_ => new List<double>()).ToArray()).ToArray();
        for (int b = 0; b < budgets.Count; b++)
            for (int p = 0; p < paths.Length; p++)
            {
                IterationTiming.TrackIteration(scene, paths[p], budgets[b], 1);                                   // warm-up
                IterationTiming.MapIteration(scene, paths[p], budgets[b], 1);
            }
        for (int round = 0; round < rounds; round++)
        {
            rates.Add(MatmulGflops(device));
            for (int b = 0; b < budgets.Count; b++)
                for (int p = 0; p < paths.Length; p++)
                {
                    tracking[b][p].Add(IterationTiming.TrackIteration(scene, paths[p], budgets[b], iterations));
                    mapping[b][p].Add(IterationTiming.MapIteration(scene, paths[p], budgets[b], Math.Max(5, iterations)));
                }
        }
        var rows = new List<BenchRow>();
        for (int b = 0; b < budgets.Count; b++)
        {
            var timings = paths.Select((o, p) =>
            {
                int samples = o.Rendering.RaySampling().SamplesPerRay;
                double track = Median(tracking[b][p]), map = Median(mapping[b][p]);
                return new PathTiming(track, map, samples, budgets[b] * samples / (track / 1000), budgets[b] * samples / (map / 1000));
            }).ToArray();
            rows.Add(new BenchRow(budgets[b], timings[0], timings[1]));
        }
        IReadOnlyList<IterationProfile>? profiles = null;
        if (profile)
        {
            int pixels = budgets[0];
            double rate = Median(rates);
            profiles = [.. paths.SelectMany(o => new[]
            {
                IterationProfiler.Tracking(scene, o, pixels, rate, Describe(o)),
                IterationProfiler.Mapping(scene, o, pixels, rate, Describe(o)),
            })];
        }
        return new BenchResult(rows, Median(rates), rates.Min(), rates.Max(), get_num_threads(), device.ToString(), Describe(reference), Describe(fast), profiles);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// Tracking time per frame of each front end at the <c>cpu</c> preset's budget (rendering only: 400 px x 30
    /// iterations; odometry alone; odometry + 5 rendering iterations), on <paramref name="frames"/> frames of the
    /// synthetic sequence at 160x120 after its first frame (mapped briefly), each front end from the same
    /// constant-velocity guesses, after one warm-up frame. The map reads <paramref name="decoders"/>; they stay the
    /// caller's.
    /// </summary>
    public static IReadOnlyList<FrontEndRow> RunFrontEnds(Device device, int frames, NiceDecoders decoders)
    {
        if (frames < 1) return [];
        var sequence = new SyntheticSequence(new SyntheticSequenceOptions { FrameCount = frames + 2 });
        var options = SlamPresets.Cpu();
        options.Map.Bounds = sequence.MapBounds;
        options.Mapping.CoarseIterations = 0;
        using var generator = new Generator(0);
        using var map = HierarchicalMap.Create(options.Map.Bounds.Value, options, decoders, generator, device);
        var first = sequence.ReadFrame(0);
        using (var tensors = new FrameTensors(first, device))
        {
            var mapping = options.Clone();
            mapping.Mapping.Iterations = 20;
            using var keyframes = new KeyframeStore();
            new Mapper(mapping, generator, new Random(0)).Map(map, keyframes, tensors, first.GroundTruthPose!.Value, firstFrame: false);
        }
        var rows = new List<FrontEndRow>();
        foreach (var frontEnd in new[] { TrackingFrontEnd.Render, TrackingFrontEnd.Odometry, TrackingFrontEnd.OdometryRender })
        {
            var settings = options.Clone();
            settings.Tracking.FrontEnd = frontEnd;
            using var trackerGenerator = new Generator(1);
            using var tracker = new Tracker(settings, trackerGenerator);
            using (var anchor = new FrameTensors(first, device)) tracker.Anchor(anchor, first.GroundTruthPose!.Value);
            double total = 0, odometry = 0;
            for (int i = 1; i <= frames + 1; i++)
            {
                var frame = sequence.ReadFrame(i);
                using var tensors = new FrameTensors(frame, device);
                var guess = Tracker.Predict(i >= 2 ? sequence.PoseOf(i - 2) : null, sequence.PoseOf(i - 1), true);
                var result = tracker.Track(map, tensors, guess);
                if (i == 1) continue;                                                                   // warm-up
                total += result.Milliseconds;
                odometry += result.OdometryMilliseconds;
            }
            rows.Add(new FrontEndRow(frontEnd switch { TrackingFrontEnd.Render => "render", TrackingFrontEnd.Odometry => "odometry", _ => "odometry+render" },
                frames, total / frames, odometry / frames, (total - odometry) / frames));
        }
        return rows;
    }

    /// <summary>float32 matmul rate (1024 x 1024, best of several), GFLOP/s.</summary>
    public static double MatmulGflops(Device device, int n = 1024, int repeats = 8)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n, device: device);
        var b = randn(n, n, device: device);
        a.matmul(b).sum().item<float>();
        double best = double.PositiveInfinity;
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            a.matmul(b).sum().item<float>();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
