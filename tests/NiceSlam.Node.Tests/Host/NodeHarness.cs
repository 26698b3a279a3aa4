using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.NavMsgs;
using Path = NiceSlam.Messages.NavMsgs.Path;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.Tf2Msgs;
using NiceSlam.Messages.VisualizationMsgs;
using NiceSlam.Node.Engine;
using NiceSlam.Node.Sources;

namespace NiceSlam.Node.Tests.Host;

/// <summary>
/// The hosted node on a <see cref="LoopbackBus"/>, with every output topic recorded and every log line kept: what
/// a test needs to drive the node end to end as RViz and a camera driver would see it.
/// </summary>
internal sealed class NodeHarness : IDisposable
{
    /// <summary>Engine settings small enough for tests (80x60 frames, few pixels and iterations).</summary>
    public static readonly string[] TinyEngine =
    [
        "Tracking.Pixels=200", "Tracking.Iterations=20", "Tracking.TranslationLr=3e-3", "Tracking.RotationLr=2e-3",
        "Mapping.Pixels=400", "Mapping.Iterations=15", "Mapping.FirstFrameIterations=200", "Mapping.Every=3", "Keyframes.Every=6",
        "Mapping.CoarseIterations=2", "Meshing.Voxel=0.08",
    ];

    /// <summary>Even smaller: for tests about input handling, not accuracy.</summary>
    public static readonly string[] FastEngine =
    [
        "Tracking.Pixels=64", "Tracking.Iterations=2", "Mapping.Pixels=64", "Mapping.Iterations=2", "Mapping.FirstFrameIterations=5",
        "Mapping.Every=2", "Keyframes.Every=2", "Mapping.CoarseIterations=1", "Keyframes.OverlapPixels=16", "Meshing.Voxel=0.2",
    ];

    private readonly List<IDisposable> subscriptions = [];

    private NodeHarness(IHost host, LoopbackBus bus, LogLines logs)
    {
        Host = host;
        Bus = bus;
        Logs = logs;
        var o = Options;
        Record<TFMessage>("/tf", QosProfile.Tf, Tf);
        Record<Path>(o.Topic("path"), QosProfile.MapLike, Paths);
        Record<Odometry>(o.Topic("odometry"), QosProfile.Default, Odometry);
        Record<PointCloud2>(o.Topic("map_cloud"), QosProfile.MapLike, Clouds);
        Record<OccupancyGrid>(o.Topic("occupancy"), QosProfile.MapLike, Grids);
        Record<Marker>(o.Topic("mesh"), QosProfile.MapLike, Meshes);
        Record<SlamStatus>(o.Topic("status"), QosProfile.Default, Statuses);
    }

    public IHost Host { get; }
    public LoopbackBus Bus { get; }
    public LogLines Logs { get; }
    public List<TFMessage> Tf { get; } = [];
    public List<Path> Paths { get; } = [];
    public List<Odometry> Odometry { get; } = [];
    public List<PointCloud2> Clouds { get; } = [];
    public List<OccupancyGrid> Grids { get; } = [];
    public List<Marker> Meshes { get; } = [];
    public List<SlamStatus> Statuses { get; } = [];

    public NodeOptions Options => Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NodeOptions>>().Value;
    public SlamEngine Engine => Host.Services.GetRequiredService<SlamEngine>();
    public FrameQueue Queue => Host.Services.GetRequiredService<FrameQueue>();
    public NiceSlam.Node.Input.InputStage Input => Host.Services.GetRequiredService<NiceSlam.Node.Input.InputStage>();

    /// <param name="settings">key=value node settings (ROS parameter names).</param>
    /// <param name="engine">Engine overrides "Name=value".</param>
    public static NodeHarness Create(IRecordedSource? source, IEnumerable<string> settings, IEnumerable<string> engine)
    {
        var args = settings.Select(s => $"--NiceSlam:{s}")
            .Concat(engine.Select((e, i) => $"--NiceSlam:slam_settings:{i}={e}"))
            .Concat(["--NiceSlam:device=cpu"])
            .ToArray();
        var bus = new LoopbackBus();
        var builder = NodeHost.CreateBuilder(args, bus, source);
        var logs = new LogLines();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        var host = builder.Build();
        return new NodeHarness(host, bus, logs);
    }

    private void Record<T>(string topic, QosProfile qos, List<T> into) where T : class =>
        subscriptions.Add(Bus.Subscribe<T>(topic, qos, m => { lock (into) into.Add(m); }));

    /// <summary>Starts the node and waits until it stops by itself (a recorded source ended).</summary>
    public async Task RunToEndAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await Host.StartAsync(cancel.Token);
        await Host.WaitForShutdownAsync(cancel.Token);
        Assert.False(cancel.IsCancellationRequested, $"the node did not stop by itself within {timeout}");
    }

    /// <summary>Waits until <paramref name="condition"/> holds (polling), failing after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var end = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > end) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        foreach (var s in subscriptions) s.Dispose();
        Host.Dispose();
        Bus.Dispose();
    }
}

/// <summary>Every log line of the node (level, category, text).</summary>
internal sealed class LogLines : ILoggerProvider
{
    private readonly List<(LogLevel Level, string Category, string Text)> lines = [];

    public IReadOnlyList<(LogLevel Level, string Category, string Text)> All { get { lock (lines) return [.. lines]; } }

    public IEnumerable<string> Warnings => All.Where(l => l.Level == LogLevel.Warning).Select(l => l.Text);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogLines owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner.lines) owner.lines.Add((logLevel, category, formatter(state, exception) + (exception is null ? "" : " " + exception)));
        }
    }
}
