using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Node.Engine;
using NiceSlam.Node.Input;
using NiceSlam.Node.Workers;

namespace NiceSlam.Node.Outputs;

/// <summary>Publishes nice_slam_msgs/SlamStatus and logs one status line every status_period, and a final one
/// when the node stops.</summary>
public sealed class StatusPublisher : BackgroundService
{
    private readonly SlamEngine engine;
    private readonly SlamReports reports;
    private readonly InputStage input;
    private readonly FrameQueue queue;
    private readonly IMessageBus bus;
    private readonly NodeOptions options;
    private readonly ILogger<StatusPublisher> logger;
    private readonly IPublisher<SlamStatus> publisher;
    private readonly Workers.InputWatchdog? watchdog;
    private readonly LiveTiming? timing;
    private bool warnedForeignClock;
    private readonly System.Diagnostics.Stopwatch started = System.Diagnostics.Stopwatch.StartNew();
    private readonly MappingHandoff? handoff;

    public StatusPublisher(SlamEngine engine, SlamReports reports, InputStage input, FrameQueue queue, IMessageBus bus, IOptions<NodeOptions> options,
        ILogger<StatusPublisher> logger, Workers.InputWatchdog? watchdog = null, LiveTiming? timing = null, MappingHandoff? handoff = null)
    {
        this.timing = timing;
        this.handoff = handoff;
        this.watchdog = watchdog;
        this.engine = engine;
        this.reports = reports;
        this.input = input;
        this.queue = queue;
        this.bus = bus;
        this.options = options.Value;
        this.logger = logger;
        publisher = bus.CreatePublisher<SlamStatus>(this.options.Topic("status"), QosProfile.Default);
    }

    /// <summary>The node's counters now, as the status message carries them.</summary>
    public SlamStatus Current()
    {
        var counters = engine.System.Counters;
        var (tracked, mapped) = reports.Last;
        var latency = timing?.Recent() ?? default;
        if (latency.FromReceipt && !warnedForeignClock)
        {
            warnedForeignClock = true;
            logger.LogWarning("the camera's stamps are more than {Seconds} s from the node's clock (a device clock, or simulated time without use_sim_time): "
                + "latency is measured from each frame's receipt by the node, not from its stamp", LiveTiming.ForeignClockSeconds);
        }
        var odometry = tracked?.Tracking?.Odometry;
        byte state = tracked is null ? SlamStatus.StateWaiting
            : tracked.Tracking is { Lost: true } ? SlamStatus.StateLost
            : SlamStatus.StateTracking;
        return new SlamStatus
        {
            Header = new Header(bus.Now(), options.MapFrame),
            State = state,
            FramesReceived = (ulong)input.Counters.Accepted,
            FramesTracked = (ulong)engine.System.Trajectory.Count,
            FramesDropped = (ulong)queue.Dropped,
            FramesRejected = (ulong)(input.Counters.Rejected + counters.Rejected),
            Keyframes = (uint)counters.Keyframes,
            TrackingMs = (float)(tracked?.Tracking?.Milliseconds ?? 0),
            MappingMs = (float)(mapped?.Mapping?.Milliseconds ?? 0),
            TrackingLoss = Finite(tracked?.Tracking?.BestLoss),
            Device = engine.Device.ToString(),
            InputDiagnosis = watchdog?.Current ?? "",
            LatencyMedianMs = (float)latency.MedianMs,
            LatencyP95Ms = (float)latency.P95Ms,
            MappingLagS = (float)(timing?.MappingLagSeconds ?? 0),
            MappingSuperseded = (ulong)(handoff?.Superseded ?? 0),
            OdometryInlierShare = Finite(odometry?.InlierShare),
            OdometryDepthResidualMm = Finite(odometry?.DepthScale * 1000),
        };
    }

    /// <summary>A measure the front end may not have (NaN or null: it did not run) as the message carries it: 0.</summary>
    private static float Finite(double? value) => value is { } v && double.IsFinite(v) ? (float)v : 0f;

    public static string Describe(SlamStatus s) => FormattableString.Invariant(
        $"status: {StateName(s.State)} received={s.FramesReceived} tracked={s.FramesTracked} dropped={s.FramesDropped} rejected={s.FramesRejected} keyframes={s.Keyframes} track={s.TrackingMs:0} ms{FrontEndMeasures(s)} map={s.MappingMs:0} ms latency={s.LatencyMedianMs:0}/{s.LatencyP95Ms:0} ms (median/p95) mapping_lag={s.MappingLagS:0.00} s superseded={s.MappingSuperseded}");

    /// <summary>What the last frame's front end measured: the odometry's inlier share and depth residual when it ran,
    /// the rendering loss when rendering ran; nothing before the first frame.</summary>
    private static string FrontEndMeasures(SlamStatus s) =>
        (s.OdometryInlierShare > 0 ? FormattableString.Invariant($" inliers={s.OdometryInlierShare * 100:0}% depth_residual={s.OdometryDepthResidualMm:0.0} mm") : "")
        + (s.TrackingLoss > 0 ? FormattableString.Invariant($" loss={s.TrackingLoss:0.0000}") : "");

    private static string StateName(byte state) => state switch
    {
        SlamStatus.StateWaiting => "waiting",
        SlamStatus.StateTracking => "tracking",
        SlamStatus.StateLost => "lost",
        _ => "paused",
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.StatusPeriod <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.StatusPeriod));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) Publish();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        var status = Publish();
        if (input.Counters.Rejected > 0)
            logger.LogInformation("input rejections: {Rejections}", input.Counters);
        logger.LogInformation("final {Status}", Describe(status));
        if (timing?.Whole() is { Frames: > 0 } whole)
            logger.LogInformation("{Summary}", FormattableString.Invariant(
                $"live timing over the run: {whole.Frames} frames tracked, {timing.TrackedPerCameraSecond:0.0} a second of camera time ({whole.Frames / Math.Max(1e-9, started.Elapsed.TotalSeconds):0.0} a second over the node's {started.Elapsed.TotalSeconds:0.0} s), {status.FramesDropped} dropped, {whole.Label} latency median {whole.MedianMs:0} ms, p95 {whole.P95Ms:0} ms, mapping lag at the end {timing.MappingLagSeconds:0.00} s, {status.MappingSuperseded} mapping frames superseded, {input.Activity.ColourMissing} camera frames missing before the node (gaps in the colour stamps: lost in transport or not sent)"));
    }

    private SlamStatus Publish()
    {
        var status = Current();
        publisher.Publish(status);
        long missing = input.Activity.ColourMissing;
        if (missing > 0) logger.LogInformation("{Status} missing_before_node={Missing}", Describe(status), missing);
        else logger.LogInformation("{Status}", Describe(status));
        return status;
    }
}
