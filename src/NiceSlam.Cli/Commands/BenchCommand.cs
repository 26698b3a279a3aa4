using NiceSlam.Core.Rendering;
using System.CommandLine;
using System.Text.Json;
using NiceSlam.Cli.Running;
using NiceSlam.Core.Compute;
using NiceSlam.Core.Decoders;
using NiceSlam.Data.Evaluation;
using NiceSlam.Data.Weights;

namespace NiceSlam.Cli.Commands;

/// <summary>`nice-slam bench`: tracking and mapping cost per iteration and per frame at the reference pixel budgets
/// for the reference path and the fast path (measured alternately in one run), points per second, the machine's
/// matmul GFLOP/s measured in the same run, and with --profile the time per operation class of one tracking and one
/// mapping iteration.</summary>
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
        var rounds = new Option<int>("--rounds") { Description = "Rounds: both paths are measured once per round, alternately; figures are the medians.", DefaultValueFactory = _ => 3 };
        var profile = new Option<bool>("--profile") { Description = "Also profile one tracking and one mapping iteration by operation class (at the first pixel budget)." };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda[:N].", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "CPU threads (0: all cores).", DefaultValueFactory = _ => 0 };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the figures as JSON." };
        var sampling = new Option<RaySamplingMode>("--sampling") { Description = "The fast path's sampling along rays: Reference (the default's, 32 stratified + 16 near-surface) or DepthGuided (4 free-space + 8 in a band around the depth).", DefaultValueFactory = _ => RaySamplingMode.Reference };
        var stratified = new Option<int>("--stratified") { Description = "The fast path's stratified samples a ray with Reference sampling (the reference path keeps the reference's 32 + 16).", DefaultValueFactory = _ => RaySampling.ReferenceStratified };
        var frontEndFrames = new Option<int>("--front-end-frames") { Description = "Frames timed per tracking front end at the cpu preset's budget (0: skip).", DefaultValueFactory = _ => 5 };
        var command = new Command("bench", "Measure tracking and mapping speed at the reference pixel budgets (200/1000/5000), reference path vs fast path, with the machine's matmul GFLOP/s; the tracking front ends; --profile: time per operation class.")
        {
            budgets, iterations, rounds, profile, device, threads, json, frontEndFrames, sampling, stratified,
        };
        command.SetAction(parse =>
        {
            try
            {
                if (parse.GetValue(iterations) < 1) throw new ArgumentException("--iterations must be >= 1");
                if (parse.GetValue(rounds) < 1) throw new ArgumentException("--rounds must be >= 1");
                if (parse.GetValue(budgets) is not { Length: > 0 } pixels || pixels.Any(p => p < 1)) throw new ArgumentException("--pixels needs budgets >= 1");
                if (parse.GetValue(frontEndFrames) < 0) throw new ArgumentException("--front-end-frames must be >= 0");
                if (parse.GetValue(stratified) < 2) throw new ArgumentException("--stratified must be >= 2");
                var d = ComputeDevice.Select(parse.GetValue(device)!, parse.GetValue(threads));
                using var decoders = new NiceDecoders(new TorchSharp.torch.Generator(0));      // the maps read them; they stay ours
                ShippedDecoderWeights.LoadGeometry(decoders);
                var result = EngineBenchmark.Run(d, pixels, parse.GetValue(iterations), decoders, parse.GetValue(rounds), parse.GetValue(profile), parse.GetValue(sampling),
                        parse.GetValue(stratified))
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
        Console.WriteLine($"device {r.Device}, {r.Threads} threads; matmul (float32, 1024^3): {r.MatmulGflops:0.0} GFLOP/s (median of the rounds; {r.MatmulGflopsMin:0.0}-{r.MatmulGflopsMax:0.0})");
        Console.WriteLine($"reference path: {r.ReferencePath}");
        Console.WriteLine($"fast path:      {r.FastPath}");
        Console.WriteLine("pixels | track ms/it ref -> fast (x) | map ms/it ref -> fast (x) | track Mpts/s ref, fast | map Mpts/s ref, fast | schedule | fast track ms/frame | fast map ms/frame | (track+map) ms/frame x GFLOP/s / 1000");
        foreach (var row in r.Rows)
        {
            var (name, trackIt, mapIt) = Schedule(row.Pixels);
            double trackFrame = row.Fast.TrackingMsPerIteration * trackIt, mapFrame = row.Fast.MappingMsPerIteration * mapIt;
            Console.WriteLine($"{row.Pixels,6} | {row.Reference.TrackingMsPerIteration,7:0.0} -> {row.Fast.TrackingMsPerIteration,6:0.0} ({row.TrackingSpeedup,4:0.0}x) | "
                + $"{row.Reference.MappingMsPerIteration,7:0.0} -> {row.Fast.MappingMsPerIteration,6:0.0} ({row.MappingSpeedup,4:0.0}x) | "
                + $"{row.Reference.TrackingPointsPerSecond / 1e6,5:0.00}, {row.Fast.TrackingPointsPerSecond / 1e6,5:0.00} | "
                + $"{row.Reference.MappingPointsPerSecond / 1e6,5:0.00}, {row.Fast.MappingPointsPerSecond / 1e6,5:0.00} | {name} {trackIt} it, {mapIt:0.#} map it/frame | "
                + $"{trackFrame,8:0} | {mapFrame,8:0} | {(trackFrame + mapFrame) * r.MatmulGflops / 1000,8:0.0}");
        }
        Console.WriteLine("the last column is machine-independent work: the same on a faster machine if its matmul rate scales alike.");
        foreach (var p in r.Profiles ?? [])
        {
            Console.WriteLine();
            Console.WriteLine($"profile: one {p.Loop} iteration, {p.Path}: {p.Pixels} px x {p.SamplesPerRay} samples = {p.Points} points; "
                + $"{p.IterationMs:0.0} ms in the engine; matmul {p.MatmulGflops:0.0} GFLOP/s");
            Console.WriteLine($"  {"operation class",-44} {"forward ms",10} {"backward ms",11} {"share",6}");
            foreach (var e in p.Entries)
                Console.WriteLine($"  {e.Class,-44} {e.ForwardMs,10:0.00} {(e.BackwardMs > 0 ? e.BackwardMs.ToString("0.00") : "-"),11} "
                    + $"{(e.Class.StartsWith(' ') ? "" : ((e.ForwardMs + e.BackwardMs) / p.IterationMs).ToString("P0")),6}{(e.Note.Length > 0 ? "  " + e.Note : "")}");
            Console.WriteLine($"  {"host reads (" + p.HostReads + " per iteration)",-44} {p.HostReadMs,10:0.00} {"-",11} {p.HostReadMs / p.IterationMs,6:P0}  synchronous on a CPU; on a GPU each waits for the queue");
            Console.WriteLine($"  {"allocations: fresh pages " + p.FreshMegabytesPerIteration.ToString("0.0") + " MB per iteration",-44} {p.PageFaultMs,10:0.00} {"-",11} {p.PageFaultMs / p.IterationMs,6:P0}  page faults, inside the classes above");
            Console.WriteLine($"  {"remainder (dispatch, autograd, small ops)",-44} {p.OtherMs,10:0.00} {"-",11} {p.OtherMs / p.IterationMs,6:P0}");
            Console.WriteLine($"  decoders: {p.DecoderFlopsPerPoint / 1e3:0} kFLOP per point (forward + backward as this loop needs); throughput "
                + $"{p.DecoderShare:P0} of the matmul rate in the decoder classes, {p.IterationShare:P0} over the whole iteration");
        }
        if (r.FrontEnds.Count == 0) return;
        Console.WriteLine();
        Console.WriteLine($"tracking front ends at the cpu preset's budget (160x120 synthetic frames; matmul {r.MatmulGflops:0.0} GFLOP/s):");
        Console.WriteLine("front end       | ms/frame | odometry ms | rendering ms | x rendering-only");
        double render = r.FrontEnds.FirstOrDefault(f => f.FrontEnd == "render")?.MillisecondsPerFrame ?? double.NaN;
        foreach (var f in r.FrontEnds)
            Console.WriteLine($"{f.FrontEnd,-15} | {f.MillisecondsPerFrame,8:0.0} | {f.OdometryMillisecondsPerFrame,11:0.0} | {f.RenderingMillisecondsPerFrame,12:0.0} | {f.MillisecondsPerFrame / render,8:0.000}");
    }
}
