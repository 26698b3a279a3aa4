using System.CommandLine;
using System.Text.Json;
using NiceSlam.Cli.Running;
using NiceSlam.Core.Compute;
using NiceSlam.Core.Decoders;
using NiceSlam.Data.Evaluation;
using NiceSlam.Data.Weights;

namespace NiceSlam.Cli.Commands;

/// <summary>`nice-slam bench`: tracking and mapping cost per iteration and per frame at the reference pixel budgets,
/// points per second, and the machine's matmul GFLOP/s measured in the same run.</summary>
internal static class BenchCommand
{
    /// <summary>Reference schedules per budget: (tracking iterations per frame, mapping iterations per frame) —
    /// Replica 200 px x 10 / 60 every 5th frame; ScanNet 1000 px x 50 / 60 every 5th; TUM 5000 px x 200 / 60 every frame.</summary>
    private static (string Name, int TrackingIterations, double MappingIterationsPerFrame) Schedule(int pixels) => pixels switch
    {
        <= 200 => ("Replica", 10, 60.0 / 5),
        <= 1000 => ("ScanNet", 50, 60.0 / 5),
        _ => ("TUM", 200, 60.0),
    };

    public static Command Create()
    {
        var budgets = new Option<int[]>("--pixels") { Description = "Pixel budgets.", DefaultValueFactory = _ => [200, 1000, 5000], AllowMultipleArgumentsPerToken = true };
        var iterations = new Option<int>("--iterations") { Description = "Timed iterations per measurement.", DefaultValueFactory = _ => 5 };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda[:N].", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "CPU threads (0: all cores).", DefaultValueFactory = _ => 0 };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the figures as JSON." };
        var frontEndFrames = new Option<int>("--front-end-frames") { Description = "Frames timed per tracking front end at the cpu preset's budget (0: skip).", DefaultValueFactory = _ => 5 };
        var command = new Command("bench", "Measure tracking and mapping speed at the reference pixel budgets (200/1000/5000), with the machine's matmul GFLOP/s.")
        {
            budgets, iterations, device, threads, json, frontEndFrames,
        };
        command.SetAction(parse =>
        {
            try
            {
                if (parse.GetValue(iterations) < 1) throw new ArgumentException("--iterations must be >= 1");
                if (parse.GetValue(frontEndFrames) < 0) throw new ArgumentException("--front-end-frames must be >= 0");
                var d = ComputeDevice.Select(parse.GetValue(device)!, parse.GetValue(threads));
                using var decoders = new NiceDecoders(new TorchSharp.torch.Generator(0));      // the maps read them; they stay ours
                ShippedDecoderWeights.LoadGeometry(decoders);
                var result = EngineBenchmark.Run(d, parse.GetValue(budgets)!, parse.GetValue(iterations), decoders)
                    with { FrontEnds = EngineBenchmark.RunFrontEnds(d, parse.GetValue(frontEndFrames), decoders) };
                Print(result);
                if (parse.GetValue(json) is { } file) File.WriteAllText(file.FullName, JsonSerializer.Serialize(result, EvaluationReport.JsonOptions));
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or DecoderWeightsException)
            {
                Console.Error.WriteLine($"bench: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static void Print(BenchResult r)
    {
        Console.WriteLine($"device {r.Device}, {r.Threads} threads, {r.SamplesPerRay} samples per ray; matmul (float32, 1024^3): {r.MatmulGflops:0.0} GFLOP/s");
        Console.WriteLine("pixels | track ms/it | map ms/it | track Mpts/s | map Mpts/s | schedule | track ms/frame | map ms/frame | (track+map) ms/frame x GFLOP/s / 1000");
        foreach (var row in r.Rows)
        {
            var (name, trackIt, mapIt) = Schedule(row.Pixels);
            double trackFrame = row.TrackingMsPerIteration * trackIt, mapFrame = row.MappingMsPerIteration * mapIt;
            Console.WriteLine($"{row.Pixels,6} | {row.TrackingMsPerIteration,11:0.0} | {row.MappingMsPerIteration,9:0.0} | {row.TrackingPointsPerSecond / 1e6,12:0.00} | "
                + $"{row.MappingPointsPerSecond / 1e6,10:0.00} | {name} {trackIt} it, {mapIt:0.#} map it/frame | {trackFrame,14:0} | {mapFrame,12:0} | "
                + $"{(trackFrame + mapFrame) * r.MatmulGflops / 1000,8:0.0}");
        }
        Console.WriteLine("the last column is machine-independent work: the same on a faster machine if its matmul rate scales alike.");
        if (r.FrontEnds.Count == 0) return;
        Console.WriteLine($"tracking front ends at the cpu preset's budget (160x120 synthetic frames; matmul {r.MatmulGflops:0.0} GFLOP/s):");
        Console.WriteLine("front end       | ms/frame | odometry ms | rendering ms | x rendering-only");
        double render = r.FrontEnds.FirstOrDefault(f => f.FrontEnd == "render")?.MillisecondsPerFrame ?? double.NaN;
        foreach (var f in r.FrontEnds)
            Console.WriteLine($"{f.FrontEnd,-15} | {f.MillisecondsPerFrame,8:0.0} | {f.OdometryMillisecondsPerFrame,11:0.0} | {f.RenderingMillisecondsPerFrame,12:0.0} | {f.MillisecondsPerFrame / render,8:0.000}");
    }
}
