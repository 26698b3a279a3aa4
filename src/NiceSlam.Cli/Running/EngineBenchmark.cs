using System.Diagnostics;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Map;
using NiceSlam.Core.Mapping;
using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;
using NiceSlam.Data.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Cli.Running;

/// <summary>One pixel budget's measured costs.</summary>
public sealed record BenchRow(int Pixels, double TrackingMsPerIteration, double MappingMsPerIteration, double TrackingPointsPerSecond,
    double MappingPointsPerSecond);

/// <summary>One tracking front end's cost per frame at the <c>cpu</c> preset's budget.</summary>
public sealed record FrontEndRow(string FrontEnd, int Frames, double MillisecondsPerFrame, double OdometryMillisecondsPerFrame,
    double RenderingMillisecondsPerFrame);

/// <summary>The benchmark's figures: rows per pixel budget, tracking front ends per frame, and the machine's matmul
/// rate measured in the same run.</summary>
public sealed record BenchResult(IReadOnlyList<BenchRow> Rows, double MatmulGflops, int Threads, string Device, int SamplesPerRay)
{
    public IReadOnlyList<FrontEndRow> FrontEnds { get; init; } = [];
}

/// <summary>
/// Speed of the engine's two inner loops at the reference pixel budgets: one tracking iteration (render fine
/// geometry + colour at N pixels, loss, backward to the pose, Adam step) and one mapping iteration (averaged over the
/// middle / fine / colour stage schedule, N pixels over the window), on a synthetic frame with the shipped decoders
/// and the Replica grid sizes over the synthetic room. Also measures float32 matmul GFLOP/s so figures compare
/// across machines as ratios.
/// </summary>
public static class EngineBenchmark
{
    public static BenchResult Run(Device device, IReadOnlyList<int> budgets, int iterations, NiceDecoders decoders)
    {
        var sequence = new SyntheticSequence(new SyntheticSequenceOptions { Width = 160, Height = 120, FrameCount = 2 });
        var frame = sequence.ReadFrame(0);
        var options = SlamPresets.Replica();
        options.Bounds = sequence.SceneBounds.ToBounds3();
        options.CoarseIterations = 0;
        using var generator = new Generator(0);
        using var map = HierarchicalMap.Create(options.Bounds.Value, options, decoders, generator, device);
        using var tensors = new FrameTensors(frame, device);
        var pose = frame.GroundTruthPose!.Value;
        int samples = options.StratifiedSamples + options.NearSurfaceSamples;
        var rows = new List<BenchRow>();
        foreach (int pixels in budgets)
        {
            var tracking = options.Clone();
            tracking.TrackingPixels = pixels;
            tracking.TrackingIterations = 1;
            using (var warm = new Tracker(tracking, generator)) warm.Track(map, tensors, pose);      // warm-up
            tracking.TrackingIterations = iterations;
            using var timed = new Tracker(tracking, generator);
            var track = timed.Track(map, tensors, pose);
            double trackMs = track.MillisecondsPerIteration;

            var mapping = options.Clone();
            mapping.MappingPixels = pixels;
            mapping.MappingIterations = Math.Max(5, iterations);
            using var keyframes = new KeyframeStore();
            var mapper = new Mapper(mapping, generator, new Random(0));
            var watch = Stopwatch.StartNew();
            var (result, _) = mapper.Map(map, keyframes, tensors, pose, firstFrame: false);
            double mapMs = watch.Elapsed.TotalMilliseconds / result.Iterations;
            rows.Add(new BenchRow(pixels, trackMs, mapMs, pixels * samples / (trackMs / 1000), pixels * samples / (mapMs / 1000)));
        }
        return new BenchResult(rows, MatmulGflops(device), get_num_threads(), device.ToString(), samples);
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
        var sequence = new SyntheticSequence(new SyntheticSequenceOptions { Width = 160, Height = 120, FrameCount = frames + 2 });
        var options = SlamPresets.Cpu();
        options.Bounds = sequence.MapBounds;
        options.CoarseIterations = 0;
        using var generator = new Generator(0);
        using var map = HierarchicalMap.Create(options.Bounds.Value, options, decoders, generator, device);
        var first = sequence.ReadFrame(0);
        using (var tensors = new FrameTensors(first, device))
        {
            var mapping = options.Clone();
            mapping.MappingIterations = 20;
            using var keyframes = new KeyframeStore();
            new Mapper(mapping, generator, new Random(0)).Map(map, keyframes, tensors, first.GroundTruthPose!.Value, firstFrame: false);
        }
        var rows = new List<FrontEndRow>();
        foreach (var frontEnd in new[] { TrackingFrontEnd.Render, TrackingFrontEnd.Odometry, TrackingFrontEnd.OdometryRender })
        {
            var settings = options.Clone();
            settings.TrackingFrontEnd = frontEnd;
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
