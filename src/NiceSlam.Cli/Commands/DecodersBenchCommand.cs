using System.CommandLine;
using System.Diagnostics;
using NiceSlam.Core.Decoders;
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
        var command = new Command("decoders-bench", "Benchmark pretrained vs random frozen decoders: IoU of grid-only fits on unseen scenes.") { weights, scenes, steps };
        command.SetAction(parse =>
        {
            try
            {
                using var decoders = new NiceDecoders(new torch.Generator(1));
                var document = ShippedDecoderWeights.LoadGeometry(decoders, parse.GetValue(weights)?.FullName);
                Console.WriteLine($"weights: {parse.GetValue(weights)?.FullName ?? "shipped"} ({document.Metadata.GetValueOrDefault("command", "?")})");
                Compare(decoders, parse.GetValue(scenes), parse.GetValue(steps)!);
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

    /// <summary>Prints and returns the comparison on <paramref name="sceneCount"/> unseen scenes.</summary>
    public static List<Row> Compare(NiceDecoders pretrained, int sceneCount, IReadOnlyList<int> budgets)
    {
        using var random = new NiceDecoders(new torch.Generator(424242));
        var rows = new List<Row>();
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
