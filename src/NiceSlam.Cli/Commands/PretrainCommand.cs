using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NiceSlam.Core.Decoders;
using NiceSlam.Data.Evaluation;
using NiceSlam.Data.Weights;
using NiceSlam.Pretraining.Training;
using TorchSharp;

namespace NiceSlam.Cli.Commands;

/// <summary>`nice-slam pretrain`: trains the geometry decoders on procedural indoor scenes and writes the weights
/// file, the loss curve and the unseen-scene benchmark. The shipped weights came from
/// `nice-slam pretrain --out src/NiceSlam.Data/Weights` (settings: <see cref="PretrainOptions.Shipped"/>).</summary>
internal static class PretrainCommand
{
    /// <summary>Seeds of the unseen evaluation scenes: far from the training seeds (0 .. scenes-1).</summary>
    public const int EvaluationSeedBase = 1_000_000;

    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for decoders.nsw, loss.png and pretrain.json.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "pretrain")) };
        var tiny = new Option<bool>("--tiny") { Description = "A seconds-long run with tiny settings (tests, smoke checks)." };
        var steps = new Option<int?>("--steps") { Description = $"Middle/fine steps (default {PretrainOptions.Shipped.Steps})." };
        var scenes = new Option<int?>("--scenes") { Description = $"Training scenes (default {PretrainOptions.Shipped.Scenes})." };
        var coarseSteps = new Option<int?>("--coarse-steps") { Description = $"Coarse steps (default {PretrainOptions.Shipped.CoarseSteps})." };
        var seed = new Option<int>("--seed") { Description = "Seed of decoders, grids and sampling.", DefaultValueFactory = _ => 1 };
        var evalScenes = new Option<int>("--eval-scenes") { Description = "Unseen scenes for the benchmark after training.", DefaultValueFactory = _ => 3 };
        var evalSteps = new Option<int>("--eval-steps") { Description = "Grid-fitting steps per benchmark scene.", DefaultValueFactory = _ => 100 };
        var command = new Command("pretrain", "Pretrain the middle/fine/coarse occupancy decoders (auto-decoder on procedural indoor scenes).")
        {
            output, tiny, steps, scenes, coarseSteps, seed, evalScenes, evalSteps,
        };
        command.SetAction(parse =>
        {
            var options = parse.GetValue(tiny) ? PretrainOptions.Tiny : PretrainOptions.Shipped;
            options = options with
            {
                Steps = parse.GetValue(steps) ?? options.Steps,
                Scenes = parse.GetValue(scenes) ?? options.Scenes,
                CoarseSteps = parse.GetValue(coarseSteps) ?? options.CoarseSteps,
                Seed = parse.GetValue(seed),
            };
            options = options with { ScenesPerStep = Math.Min(options.ScenesPerStep, options.Scenes) };
            string outDir = parse.GetValue(output)!.FullName;
            try
            {
                options.Validate();
                using var interrupt = new ConsoleInterrupt();
                return Run(options, outDir, parse.GetValue(evalScenes), parse.GetValue(evalSteps), interrupt.Token);
            }
            catch (Exception e) when (e is ArgumentException or IOException)
            {
                Console.Error.WriteLine($"pretrain: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    internal static int Run(PretrainOptions options, string outDir, int evalScenes, int evalSteps, CancellationToken cancellation)
    {
        Console.WriteLine($"pretraining on {options.Scenes} procedural scenes: {options.Steps} middle/fine steps, {options.CoarseSteps} coarse steps, "
            + $"{options.ScenesPerStep} scenes x {options.UniformPoints}+{options.NearSurfacePoints} points a step, seed {options.Seed}, {torch.get_num_threads()} threads");
        ConsoleProgress? bar = null;
        string phase = "";
        var progress = new SyncProgress(p =>
        {
            if (p.Phase != phase) { phase = p.Phase; bar = new ConsoleProgress(p.TotalSteps); }
            bar!.Report(p.Step, $"{p.Phase} loss {p.Loss:0.0000}");
        });
        var result = AutoDecoderTrainer.Train(ProceduralOccupancyScene.Generate, options, progress, cancellation);
        using var decoders = result.Decoders;
        bool interrupted = cancellation.IsCancellationRequested;
        if (interrupted) Console.WriteLine("\ninterrupted: writing the decoders as trained so far");
        Console.WriteLine($"trained in {result.Elapsed.TotalMinutes:0.0} min");

        Directory.CreateDirectory(outDir);
        var metadata = new Dictionary<string, string>(options.ToMetadata())
        {
            ["command"] = "nice-slam pretrain " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).SkipWhile(a => a != "pretrain").Skip(1)),
            ["trainingSeconds"] = result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
            ["finalLoss"] = Tail(result.LossCurve).ToString("0.00000", CultureInfo.InvariantCulture),
            ["finalCoarseLoss"] = Tail(result.CoarseLossCurve).ToString("0.00000", CultureInfo.InvariantCulture),
            ["interrupted"] = interrupted.ToString(),
            ["threads"] = torch.get_num_threads().ToString(CultureInfo.InvariantCulture),
            ["created"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        string weights = Path.Combine(outDir, "decoders.nsw");
        DecoderWeightsFile.Save(weights, ShippedDecoderWeights.GeometryParameters(decoders), metadata, DecoderProbe.Create(decoders));
        Console.WriteLine($"wrote {weights} ({new FileInfo(weights).Length / 1024.0:0.0} KiB)");
        if (result.LossCurve.Count + result.CoarseLossCurve.Count > 0)
        {
            LossCurvePlot.Save(Path.Combine(outDir, "loss.png"), new Dictionary<string, IReadOnlyList<double>>
            {
                ["middle + fine BCE"] = result.LossCurve,
                ["coarse BCE"] = result.CoarseLossCurve,
            }, "decoder pretraining");
        }
        var benchmark = evalScenes > 0 ? DecodersBenchCommand.Compare(decoders, evalScenes, [evalSteps]) : [];
        File.WriteAllText(Path.Combine(outDir, "pretrain.json"), JsonSerializer.Serialize(new
        {
            settings = options,
            trainingSeconds = result.Elapsed.TotalSeconds,
            finalLoss = Tail(result.LossCurve),
            finalCoarseLoss = Tail(result.CoarseLossCurve),
            interrupted,
            benchmark,
        }, EvaluationReport.JsonOptions));
        return 0;
    }

    private static double Tail(IReadOnlyList<double> curve) => curve.Count == 0 ? double.NaN : curve.Skip(Math.Max(0, curve.Count - 20)).Average();

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
