using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NiceSlam.Data.Synthetic;
using NiceSlam.Node;
using NiceSlam.Node.Diagnostics;
using NiceSlam.Node.Engine;
using NiceSlam.Node.Input;
using NiceSlam.Node.Sources;
using NiceSlam.Node.Workers;
using TorchSharp;

namespace NiceSlam.Cli.Running;

/// <summary>What one `nice-slam run` produced (also returned to tests).</summary>
public sealed record SlamRunSummary(int FramesTracked, int FramesRejected, double? AteRmseCm, double? CompletionRatio, double? DepthL1Cm,
    int MeshFaces, bool Interrupted, double SecondsPerFrame);

/// <summary>
/// One `nice-slam run`: the node itself (<see cref="NodeHost"/>: input stage, workers, engine, output bag) playing a
/// recording (dataset, synthetic sequence or rosbag2 bag) at full speed without dropping a frame, with progress on
/// the console; then the offline outputs (<see cref="RunOutputs"/>) from the engine's final state. An interrupted
/// run (Ctrl+C, SIGTERM) stops the node as a robot would and still writes what was computed.
/// </summary>
internal sealed class SlamRun(IRecordedSource source, NodeOptions settings, string outDir)
{
    /// <summary>The synthetic sequence behind <c>source</c>, when it is one (for reconstruction metrics).</summary>
    public SyntheticSequence? Synthetic { get; init; }

    public bool Mesh { get; init; } = true;

    public SlamRunSummary? Summary { get; private set; }

    public static string SafeName(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    /// <summary>
    /// The node's settings for an offline run: every frame processed (the queue blocks), as fast as it goes, no map
    /// outputs or status while running, the node stopping at the end, and the outputs (tf, path, odometry, status)
    /// recorded into <paramref name="outDir"/>/outputs. The node given the same settings produces the same trajectory.
    /// </summary>
    public static NodeOptions Offline(NodeOptions settings, string outDir)
    {
        settings.QueueFullPolicy = "block";
        settings.PlaybackRate = 0;
        settings.StopWhenDone = true;
        // With a live viewer (--foxglove) the map outputs keep their periods, so that it shows the map growing.
        if (settings.FoxglovePort == 0) settings.StatusPeriod = settings.CloudPeriod = settings.OccupancyPeriod = settings.MeshPeriod = 0;
        settings.RecordOutputs = Path.Combine(outDir, "outputs");
        return settings;
    }

    public int Execute(CancellationToken cancellation)
    {
        int frames = source.FrameCount ?? 0;
        Console.WriteLine($"source: {source.Name}, {(frames > 0 ? frames.ToString() : "?")} frames");
        Directory.CreateDirectory(outDir);
        if (Directory.Exists(settings.RecordOutputs)) Directory.Delete(settings.RecordOutputs, recursive: true);

        var builder = NodeHost.CreateBuilder([], source: source);
        NodeHost.AddSettings(builder, settings);
        builder.Configuration.AddInMemoryCollection([
            new("Logging:LogLevel:Default", "Warning"),                                     // the run prints its own lines,
            new($"Logging:LogLevel:{typeof(MemoryTrace).FullName}", "Information"),         // and the memory trace's when asked
            new($"Logging:LogLevel:{typeof(MappingWorker).FullName}", "Information")]);     // and the map's growth
        var recorder = new RunRecorder(outDir, frames);
        builder.Services.AddSingleton<IFrameObserver>(recorder);
        using var host = builder.Build();
        var engine = host.Services.GetRequiredService<SlamEngine>();
        var options = engine.Options;
        recorder.Preparation = host.Services.GetRequiredService<FramePreparation>();
        string size = settings.Width > 0 ? $"{settings.Width}x{(settings.Height > 0 ? settings.Height.ToString() : "(aspect)")}" : "the camera's size";
        Console.WriteLine($"running at {size} on {engine.Device.type} ({torch.get_num_threads()} threads), preset {settings.Preset}, "
            + $"sync {options.Sync}, bounds {(options.Map.Bounds?.ToString() ?? "auto (first frame)")}"
            + (options.Odometry.RollingShutterReadout > 0 ? FormattableString.Invariant($", rolling shutter {options.Odometry.RollingShutterReadout * 1000:0.#} ms") : "")
            + $" -> {outDir}");
        Console.WriteLine($"decoders: {engine.DecoderWeights}");

        // The machine's matmul rate now (and again at the end, in the report), so timings compare across machines and
        // loads as ratios; memory sampled per engine stage from here on.
        double matmulAtStart = EngineBenchmark.MatmulGflops(engine.Device);
        using var memory = new MemoryMonitor();
        var reports = host.Services.GetRequiredService<SlamReports>();
        var progress = recorder.FollowAsync(reports.Subscribe(capacity: 4096));
        var total = Stopwatch.StartNew();
        host.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        host.WaitForShutdownAsync(cancellation).GetAwaiter().GetResult();
        double slamSeconds = total.Elapsed.TotalSeconds;
        reports.Complete();
        progress.GetAwaiter().GetResult();

        var tracking = host.Services.GetRequiredService<TrackingWorker>();
        var failure = tracking.Failure ?? host.Services.GetRequiredService<MappingHandoff>().Failure;
        if (failure is not null)
            Console.Error.WriteLine($"\nrun: the engine stopped with an error: {failure.Message}; writing what was computed");
        bool interrupted = !tracking.InputEnded && failure is null;
        if (interrupted)
        {
            recorder.Break();
            Console.WriteLine($"interrupted after {recorder.Seen} frames: writing what was computed");
        }

        var input = host.Services.GetRequiredService<InputStage>();
        Summary = new RunOutputs(outDir, source.Name, settings, engine, recorder, input.Counters)
        {
            Synthetic = Synthetic,
            Mesh = Mesh,
            MatmulGflopsAtStart = matmulAtStart,
            Memory = memory,
            MemoryTrace = settings.MemoryTraceEvery > 0 ? host.Services.GetRequiredService<MemoryTrace>() : null,
        }.Write(frames, slamSeconds, interrupted, failure);
        return failure is null ? 0 : 1;
    }
}
