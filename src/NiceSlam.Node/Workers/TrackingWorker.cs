using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;
using NiceSlam.Node.Engine;

namespace NiceSlam.Node.Workers;

/// <summary>
/// The tracking side of the engine as a background service: takes frames from the input queue one at a time, tracks
/// each (<see cref="SlamSystem.Track"/>), hands mapping frames to the <see cref="MappingWorker"/> and takes over the
/// poses mapping refined (<see cref="SlamSystem.Apply"/>) before the next frame. Strict scheduling waits for each
/// mapping call before the next frame (the reference's alternation: deterministic); loose goes on and lets mapping
/// work on the newest mapping frame. Between frames it runs <see cref="ExclusiveCommands"/> once the mapping worker
/// is idle. When the input ends it maps the last frame, then stops the node if stop_when_done is set; an engine
/// failure is logged and stops the node with exit code 1 rather than leaving it silently deaf.
/// </summary>
public sealed class TrackingWorker(SlamEngine engine, FrameQueue queue, MappingHandoff handoff, ExclusiveCommands commands, SlamReports reports,
    IEnumerable<IFrameObserver> observers, IHostApplicationLifetime lifetime, IOptions<NodeOptions> options, ILogger<TrackingWorker> logger)
    : BackgroundService
{
    private readonly IFrameObserver[] observers = [.. observers];
    private volatile bool inputEnded;
    private volatile Exception? failure;
    private long unrefined;
    private bool lostStreak;                // the previous frame was lost

    /// <summary>True once every frame of the input was tracked and the last one mapped (false when stopped before).</summary>
    public bool InputEnded => inputEnded;

    /// <summary>Whether the front end refines by rendering at all (<c>odometry+render</c>): only then can a frame skip it.</summary>
    private bool Refines => engine.Options.Tracking.FrontEnd == TrackingFrontEnd.OdometryRender;

    /// <summary>Frames tracked without the rendering refinement because frames were waiting (tracking_refinement).</summary>
    public long Unrefined => Interlocked.Read(ref unrefined);

    /// <summary>What stopped the tracking worker, when it failed.</summary>
    public Exception? Failure => failure;

    /// <summary>Stops after the step in progress, however long it takes (the host's shutdown timeout does not cut
    /// a tracking step short: the engine is never left half-updated nor disposed under a worker).</summary>
    public override Task StopAsync(CancellationToken cancellationToken) => base.StopAsync(CancellationToken.None);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => WorkerThread.Run("tracking worker", () => LoopAsync(stoppingToken));

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        commands.Serve();
        try
        {
            await RunAsync(stoppingToken);
            inputEnded = true;
            var system = engine.System;
            string how = Refines ? $"{Unrefined} by odometry alone: frames were waiting" : engine.Options.Tracking.FrontEnd.ToString();
            logger.LogInformation("input finished: {Tracked} frames tracked ({How}), {Rejected} rejected, {Keyframes} keyframes",
                system.Trajectory.Count, how, system.Counters.Rejected, system.Counters.Keyframes);
            if (options.Value.StopWhenDone) lifetime.StopApplication();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            failure = e;
            logger.LogCritical(e, "the tracking worker failed; stopping the node");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        finally
        {
            // The mapping worker finishes what it holds; then its last outcomes are taken over and waiting commands
            // run with both workers idle.
            handoff.Complete();
            await handoff.Drained;
            TakeOutcomes();
            commands.StopServing();
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        Task<bool>? frameWait = null;           // kept across wake-ups by commands, so no waiter is left behind
        while (true)
        {
            if (commands.HasPending) await RunCommandsAsync();
            if (queue.Reader.TryRead(out var frame))
            {
                await ProcessAsync(frame, stopping);
                continue;
            }
            frameWait ??= queue.Reader.WaitToReadAsync(stopping).AsTask();
            if (await Task.WhenAny(frameWait, commands.Posted) != frameWait) continue;
            bool more = await frameWait;
            frameWait = null;
            if (!more && !commands.HasPending) break;
        }
        // The reference maps the last frame and keeps it as a keyframe.
        if (engine.System.Finish() is { } final)
        {
            await handoff.Submit(final);
            TakeOutcomes();
        }
    }

    private async Task ProcessAsync(RgbdFrame frame, CancellationToken stopping)
    {
        stopping.ThrowIfCancellationRequested();
        handoff.ThrowIfFailed();
        TakeOutcomes();
        foreach (var observer in observers) observer.OnFrame(frame);
        // Behind the camera (frames waiting) a live node tracks by odometry alone: the rendering refinement costs
        // several times the odometry on a CPU and would make it drop more frames than it refines.
        bool refine = !options.Value.RefineOnlyWhenIdle || queue.Pending == 0;
        if (!refine && Refines) Interlocked.Increment(ref unrefined);
        var step = engine.System.Track(frame, refine);
        LogLost(step.Report);
        reports.Post(step.Report);
        if (step.Mapping is not { } request) return;
        var done = handoff.Submit(request);
        if (handoff.Sync == SyncMode.Strict || request.MustComplete)
        {
            await done;
            TakeOutcomes();
        }
    }

    /// <summary>A warning for the first lost frame of a streak (later ones of the same streak at debug level), with
    /// the reason; always a warning when libtorch failed inside the step (<see cref="Core.Slam.SlamSystem.Track"/>
    /// turns that into a lost frame).</summary>
    private void LogLost(FrameReport report)
    {
        bool lost = report.Tracking is { Lost: true };
        if (lost)
        {
            string why = report.Tracking!.LostReason ?? "no reason given";
            logger.Log(report.Tracking.LibTorchFailed || !lostStreak ? LogLevel.Warning : LogLevel.Debug, "frame {Frame} lost: {Reason}", report.FrameIndex, why);
        }
        lostStreak = lost;
    }

    private async Task RunCommandsAsync()
    {
        await handoff.Barrier();      // the mapping worker has finished everything handed to it
        TakeOutcomes();
        commands.RunPending();
    }

    /// <summary>Takes over the poses finished mapping calls refined.</summary>
    private void TakeOutcomes()
    {
        while (handoff.TryTakeOutcome(out var outcome)) engine.System.Apply(outcome);
    }
}
