using Microsoft.Extensions.Logging;
using NiceSlam.Core.Frames;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.SensorMsgs;

namespace NiceSlam.Node.Input;

/// <summary>
/// The node's input: subscribes to colour, depth and CameraInfo (sensor-data QoS), pairs colour with depth by
/// stamp (<see cref="ApproximateTimeSynchronizer{T}"/>), assembles an <see cref="RgbdFrame"/> with the latest
/// CameraInfo, runs <see cref="InputSettings.Preprocess"/> and queues the frame. Pairs complete before the first
/// CameraInfo arrives are held (at most <see cref="InputSettings.SyncQueueSize"/>, the oldest refused beyond that)
/// and assembled when it comes: a driver or recorder that starts the CameraInfo topic a little after the images
/// costs no frame. Whatever goes wrong with a
/// message or frame is counted in <see cref="Counters"/> by category and logged as a warning (at most one line a
/// category per second); nothing escapes a bus callback. Frames are numbered 0, 1, … in acceptance order, and a
/// frame whose stamp is not after the previous accepted one is refused (<see cref="InputRejection.Stamp"/>).
/// </summary>
public sealed class InputStage : IDisposable
{
    private const int ColourStream = 0;
    private const int DepthStream = 1;

    private readonly IMessageBus bus;
    private readonly InputSettings settings;
    private readonly FrameQueue queue;
    private readonly ILogger<InputStage> logger;
    private readonly RejectionLogThrottle throttle;
    private readonly RgbdFrameAssembler assembler;
    private readonly ApproximateTimeSynchronizer<Image> synchronizer;
    private readonly object addGate = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly List<IDisposable> subscriptions = [];
    private readonly Queue<Image[]> waitingForCameraInfo = new();
    private CameraInfo? latestCameraInfo;
    private string? colorFrameId;
    private long syncDropsCounted;
    private long? lastAcceptedStampNs;
    private int nextIndex;
    private bool started;
    private bool disposed;

    /// <param name="time">The clock for log throttling; the system clock by default.</param>
    public InputStage(IMessageBus bus, InputSettings settings, FrameQueue queue, ILogger<InputStage> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(logger);
        this.bus = bus;
        this.settings = settings;
        this.queue = queue;
        this.logger = logger;
        throttle = new RejectionLogThrottle(time ?? TimeProvider.System, TimeSpan.FromSeconds(1));
        assembler = new RgbdFrameAssembler(settings.CameraInfoTopic);
        synchronizer = new ApproximateTimeSynchronizer<Image>(2, settings.SyncQueueSize, OnPair, settings.SyncMaxIntervalSeconds);
        Activity = new InputActivity(settings.ColorTopic, settings.DepthTopic, settings.CameraInfoTopic, time);
    }

    /// <summary>What has come in and what was refused.</summary>
    public InputCounters Counters { get; } = new();

    /// <summary>Arrivals on each topic, before any check (for saying why no frame comes).</summary>
    public InputActivity Activity { get; }

    /// <summary>The latest CameraInfo received (null before the first).</summary>
    public CameraInfo? LatestCameraInfo => Volatile.Read(ref latestCameraInfo);

    /// <summary>The colour images' frame_id (the camera optical frame), once a frame has been accepted.</summary>
    public string? ColorFrameId => Volatile.Read(ref colorFrameId);

    /// <summary>
    /// The input has ended (a recording was played out): colour/depth pairs still waiting in the synchroniser are
    /// assembled and queued, then the queue is completed so the tracking loop finishes after the last frame.
    /// </summary>
    public void Complete()
    {
        try
        {
            lock (addGate)
            {
                synchronizer.Flush();
                long drops = synchronizer.TotalDropped - syncDropsCounted;
                syncDropsCounted = synchronizer.TotalDropped;
                if (drops > 0) Reject(InputRejection.Sync, $"{drops} message(s) left unpaired at the end of the input", drops);
                if (waitingForCameraInfo.Count > 0)
                {
                    Reject(InputRejection.CameraInfo, $"{waitingForCameraInfo.Count} frame(s) held for a CameraInfo that never came on {settings.CameraInfoTopic}",
                        waitingForCameraInfo.Count);
                    waitingForCameraInfo.Clear();
                }
            }
        }
        catch (Exception e)
        {
            Reject(e);
        }
        finally
        {
            queue.Complete();
        }
    }

    /// <summary>Subscribes to the three topics. Call once.</summary>
    public void Start()
    {
        lock (subscriptions)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (started) throw new InvalidOperationException("the input stage is already started");
            started = true;
            var qos = settings.Qos;
            subscriptions.Add(bus.Subscribe<CameraInfo>(settings.CameraInfoTopic, qos, OnCameraInfo));
            subscriptions.Add(bus.Subscribe<Image>(settings.ColorTopic, qos, m => OnImage(ColourStream, m)));
            subscriptions.Add(bus.Subscribe<Image>(settings.DepthTopic, qos, m => OnImage(DepthStream, m)));
        }
        logger.LogInformation("input: colour {Colour}, depth {Depth}, camera info {Info}, {Qos}, sync queue {Queue}, max interval {Interval} s; {Scheduling}",
            settings.ColorTopic, settings.DepthTopic, settings.CameraInfoTopic,
            settings.Qos.KeepAll ? $"reliable keep-all QoS (at most {settings.Qos.Depth} waiting: a reliable publisher is held back)" : $"{settings.Qos.Reliability} keep-last {settings.Qos.Depth} QoS",
            settings.SyncQueueSize, settings.SyncMaxIntervalSeconds, settings.Scheduling);
    }

    /// <summary>Unsubscribes and releases a producer blocked on a full queue (its frame is not queued).</summary>
    public void Dispose()
    {
        IDisposable[] handles;
        lock (subscriptions)
        {
            if (disposed) return;
            disposed = true;
            handles = [.. subscriptions];
            subscriptions.Clear();
        }
        stopping.Cancel();
        foreach (var h in handles) h.Dispose();
    }

    private void OnCameraInfo(CameraInfo info)
    {
        if (info is null) return;
        Activity.CameraInfoArrived(info);
        bool first = Interlocked.Exchange(ref latestCameraInfo, info) is null;
        if (!first || stopping.IsCancellationRequested) return;
        try
        {
            // The pairs that came before it, oldest first. A pair assembling under the gate at this moment either
            // saw this CameraInfo or is in the queue by the time the gate is taken here.
            lock (addGate)
                while (waitingForCameraInfo.TryDequeue(out var pair))
                    Assemble(pair);
        }
        catch (Exception e)
        {
            Reject(e);
        }
    }

    private void OnImage(int stream, Image image)
    {
        if (stopping.IsCancellationRequested) return;
        try
        {
            ArgumentNullException.ThrowIfNull(image);
            if (stream == ColourStream) Activity.ColourArrived(image); else Activity.DepthArrived(image);
            lock (addGate)
            {
                if (!synchronizer.Add(stream, image.Header.Stamp, image))
                    Reject(InputRejection.Stamp,
                        $"{TopicOf(stream)} stamp {image.Header.Stamp} is before the previous message's ({synchronizer.LastStampOn(stream)}); expected stamps that never go back");
                long drops = synchronizer.TotalDropped;
                long fresh = drops - syncDropsCounted;
                syncDropsCounted = drops;
                if (fresh > 0)
                    Reject(InputRejection.Sync,
                        $"{fresh} message(s) discarded unpaired (no partner within {settings.SyncMaxIntervalSeconds} s, a closer one came, or the queue of {settings.SyncQueueSize} overflowed)",
                        fresh);
            }
        }
        catch (Exception e)
        {
            Reject(e);
        }
    }

    /// <summary>A synchronized colour/depth pair (runs under the synchronizer's lock, one at a time).</summary>
    private void OnPair(Image[] pair)
    {
        Counters.CountSet();
        if (LatestCameraInfo is null)
        {
            waitingForCameraInfo.Enqueue(pair);
            if (waitingForCameraInfo.Count == 1)
                logger.LogInformation("input: holding colour/depth pairs until the first CameraInfo on {Info} (at most {Held})", settings.CameraInfoTopic, settings.SyncQueueSize);
            if (waitingForCameraInfo.Count > settings.SyncQueueSize)
            {
                waitingForCameraInfo.Dequeue();
                Reject(InputRejection.CameraInfo, $"no CameraInfo received yet on {settings.CameraInfoTopic}; the oldest of {settings.SyncQueueSize + 1} frames held for it is refused");
            }
            return;
        }
        Assemble(pair);
    }

    /// <summary>Assembles, checks and queues one pair (under <see cref="addGate"/>).</summary>
    private void Assemble(Image[] pair)
    {
        try
        {
            var colour = pair[ColourStream];
            long stampNs = colour.Header.Stamp.TotalNanoseconds;
            if (lastAcceptedStampNs is long last && stampNs <= last)
                throw new InputRejectedException(InputRejection.Stamp,
                    $"frame stamp {colour.Header.Stamp} is not after the previous accepted frame's ({NiceSlam.Messages.StdMsgs.Time.FromNanoseconds(last)})");
            var frame = assembler.Assemble(nextIndex, colour, pair[DepthStream], LatestCameraInfo, settings.DepthScale);
            if (settings.Preprocess is { } preprocess)
                frame = preprocess(frame) ?? throw new InputRejectedException(InputRejection.Other, "the preprocess hook returned no frame");
            if (!queue.Enqueue(frame, stopping.Token))
                throw new InputRejectedException(InputRejection.Other, "the frame queue is closed");
            lastAcceptedStampNs = stampNs;
            settings.FrameQueued?.Invoke(stampNs * 1e-9);
            nextIndex++;
            Volatile.Write(ref colorFrameId, colour.Header.FrameId);
            Counters.CountAccepted();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed while waiting for room: the frame is abandoned, not a rejection.
        }
        catch (Exception e)
        {
            Reject(e);
        }
    }

    private string TopicOf(int stream) => stream == ColourStream ? settings.ColorTopic : settings.DepthTopic;

    private void Reject(Exception e)
    {
        if (e is InputRejectedException rejection) Reject(rejection.Reason, rejection.Message);
        else Reject(InputRejection.Other, $"{e.GetType().Name}: {e.Message}");
    }

    private void Reject(InputRejection reason, string message, long count = 1)
    {
        try
        {
            Counters.CountRejected(reason, message, count);
            if (throttle.TryLog(reason, out long suppressed))
            {
                if (suppressed > 0)
                    logger.LogWarning("input rejected ({Reason}): {Message} ({Suppressed} more {Reason} rejections in the last interval not logged)",
                        reason, message, suppressed, reason);
                else
                    logger.LogWarning("input rejected ({Reason}): {Message}", reason, message);
            }
        }
        catch
        {
            // A failing logger must not take the bus thread down.
        }
    }
}
