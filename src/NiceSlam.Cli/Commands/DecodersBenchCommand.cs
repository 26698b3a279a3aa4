using System.CommandLine;
using System.Diagnostics;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Map;
using NiceSlam.Data.Evaluation;
using NiceSlam.Data.Synthetic;
using NiceSlam.Data.Weights;
using NiceSlam.Pretraining.Training;
using TorchSharp;

namespace NiceSlam.Cli.Commands;

/// <summary>`nice-slam decoders-bench`: fits only the feature grids of unseen procedural scenes through frozen
/// decoders, pretrained (shipped or given) and randomly initialised, and prints the IoU each reaches at 32 and 16 cm.</summary>
internal static class DecodersBenchCommand
{
    public sealed record Row(int Scene, int Steps, double PretrainedMiddleIou, double PretrainedFineIou, double RandomMiddleIou, double RandomFineIou, double Seconds);

    public static Command Create()
    {
        var weights = new Option<FileInfo?>("--weights") { Description = "Decoder weights file (default: the shipped weights)." };
        var scenes = new Option<int>("--scenes") { Description = "Unseen scenes to fit.", DefaultValueFactory = _ => 3 };
        var steps = new Option<int[]>("--steps") { Description = "Grid-fitting step budgets.", DefaultValueFactory = _ => [50, 200], AllowMultipleArgumentsPerToken = true };
        var depthSteps = new Option<int>("--depth-steps") { Description = "Steps of the depth-rendering fit on the synthetic sequence (0: skip it).", DefaultValueFactory = _ => 150 };
        var command = new Command("decoders-bench", "Benchmark pretrained vs random frozen decoders: IoU of grid-only fits on unseen scenes, and depth L1 after fitting grids by volume rendering to a synthetic sequence.")
        {
            weights, scenes, steps, depthSteps,
        };
        command.SetAction(parse =>
        {
            try
            {
                using var decoders = new NiceDecoders(new torch.Generator(1));
                var document = ShippedDecoderWeights.LoadGeometry(decoders, parse.GetValue(weights)?.FullName);
                Console.WriteLine($"weights: {parse.GetValue(weights)?.FullName ?? "shipped"} ({document.Metadata.GetValueOrDefault("command", "?")})");
                Compare(decoders, parse.GetValue(scenes), parse.GetValue(steps)!);
                if (parse.GetValue(depthSteps) > 0) CompareDepth(decoders, parse.GetValue(depthSteps));
                return 0;
            }
            catch (Exception e) when (e is DecoderWeightsException or ArgumentException or IOException)
            {
                Console.Error.WriteLine($"decoders-bench: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>One decoder set's result in the SLAM setting: held-out depth L1 (m) and the culled mesh of the fitted
    /// map against the exact surfaces the views saw.</summary>
    public sealed record DepthRow(double DepthL1, ReconstructionResult Mesh);

    /// <summary>
    /// The SLAM setting: grids fitted by volume rendering to depth images of the synthetic sequence with known
    /// poses (every 4th frame), then held-out frames re-rendered and the fitted map meshed (culled to the training
    /// views) and compared with the exact surfaces seen (accuracy, completion, completion ratio at 5 cm); prints and
    /// returns the rows of the pretrained and the random decoders.
    /// </summary>
    public static (DepthRow Pretrained, DepthRow Random) CompareDepth(NiceDecoders pretrained, int steps, int width = 80, int height = 60,
        int frames = 40, int raysPerStep = 1024, double meshVoxel = 0.08)
    {
        var sequence = new SyntheticSequence(new SyntheticSequenceOptions { Width = width, Height = height, FrameCount = frames });
        var views = Enumerable.Range(0, frames).Select(i =>
        {
            var frame = sequence.ReadFrame(i);
            return new DepthView(frame.Depth, frame.Intrinsics, frame.GroundTruthPose!.Value);
        }).ToArray();
        var train = views.Where((_, i) => i % 4 == 0).ToArray();
        var heldOut = views.Where((_, i) => i % 4 == 2).ToArray();
        var truth = sequence.SeenSurfacePoints(frames);
        var bounds = sequence.SceneBounds.ToBounds3().Expanded(0.3);
        using var random = new NiceDecoders(new torch.Generator(424242));
        var watch = Stopwatch.StartNew();
        DepthRow Run(NiceDecoders decoders)
        {
            using var fit = DepthGridFit.Fit(decoders, bounds, train, heldOut, steps, raysPerStep, seed: 3);
            var mesh = fit.Mesh(meshVoxel, train);
            return new DepthRow(fit.DepthL1, ReconstructionMetrics.Compute(truth, mesh));
        }
        var p = Run(pretrained);
        var r = Run(random);
        Console.WriteLine($"depth fit on the synthetic sequence ({train.Length} views, {steps} steps x {raysPerStep} rays, {width}x{height}; {watch.Elapsed.TotalSeconds:0} s):");
        Console.WriteLine("             held-out depth L1 | mesh accuracy  completion | within 5 cm: of the mesh  of the truth  F-score");
        foreach (var (name, row) in new[] { ("pretrained", p), ("random", r) })
            Console.WriteLine($"  {name,-10} {row.DepthL1 * 100,12:0.00} cm | {row.Mesh.Accuracy * 100,10:0.00} cm {row.Mesh.Completion * 100,8:0.00} cm | "
                + $"{row.Mesh.AccuracyRatio,19:P1} {row.Mesh.CompletionRatio,12:P1} {row.Mesh.FScore,8:0.000}");
        return (p, r);
    }

    /// <summary>Prints and returns the comparison on <paramref name="sceneCount"/> unseen scenes.</summary>
    public static List<Row> Compare(NiceDecoders pretrained, int sceneCount, IReadOnlyList<int> budgets)
    {
        var rows = new List<Row>();
        if (sceneCount <= 0) return rows;
        using var random = new NiceDecoders(new torch.Generator(424242));
        Console.WriteLine("scene  steps | pretrained IoU 32cm  16cm | random IoU 32cm  16cm");
        for (int s = 0; s < sceneCount; s++)
        {
            var scene = ProceduralOccupancyScene.Generate(PretrainCommand.EvaluationSeedBase + s);
            foreach (int steps in budgets)
            {
                var watch = Stopwatch.StartNew();
                var p = GridFitBenchmark.Fit(pretrained, scene, steps, seed: 7 + s);
                var r = GridFitBenchmark.Fit(random, scene, steps, seed: 7 + s);
                rows.Add(new Row(s, steps, p.MiddleIou, p.FineIou, r.MiddleIou, r.FineIou, watch.Elapsed.TotalSeconds));
                Console.WriteLine($"{s,5} {steps,6} | {p.MiddleIou,19:0.000} {p.FineIou,5:0.000} | {r.MiddleIou,15:0.000} {r.FineIou,5:0.000}");
            }
        }
        foreach (int steps in budgets)
        {
            var at = rows.Where(r => r.Steps == steps).ToArray();
            Console.WriteLine($"mean at {steps} steps: pretrained {at.Average(r => r.PretrainedMiddleIou):0.000} / {at.Average(r => r.PretrainedFineIou):0.000}, "
                + $"random {at.Average(r => r.RandomMiddleIou):0.000} / {at.Average(r => r.RandomFineIou):0.000} (IoU at 32 cm / 16 cm)");
        }
        return rows;
    }
}
