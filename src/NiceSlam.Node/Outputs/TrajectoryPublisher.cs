using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Core.Slam;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;
using NiceSlam.Node.Conversions;
using NiceSlam.Node.Engine;
using NiceSlam.Node.Input;
using NiceSlam.Node.Workers;

namespace NiceSlam.Node.Outputs;

/// <summary>
/// Publishes the camera pose of every tracked frame: tf (map → camera optical frame, or map → odom per REP 105
/// when odom_frame is set, using odom → camera from /tf), nav_msgs/Odometry, and the whole nav_msgs/Path (again
/// after bundle adjustment refined keyframe poses). Reads its own stream of the workers' reports on its own thread,
/// so a slow transport never stalls tracking; the path comes from the published trajectory snapshot.
/// </summary>
public sealed class TrajectoryPublisher : BackgroundService
{
    private readonly SlamEngine engine;
    private readonly System.Threading.Channels.ChannelReader<FrameReport> reports;
    private readonly IMessageBus bus;
    private readonly InputStage input;
    private readonly NodeOptions options;
    private readonly ILogger<TrajectoryPublisher> logger;
    private readonly IPublisher<TFMessage> tf;
    private readonly IPublisher<Odometry> odometry;
    private readonly IPublisher<NiceSlam.Messages.NavMsgs.Path> path;
    private readonly TransformBuffer transforms = new();
    private readonly List<IDisposable> subscriptions = [];
    private readonly PathBuilder pathBuilder;
    private OdometryBuilder? odometryBuilder;
    private DateTime lastLookupWarning = DateTime.MinValue;
    private readonly LiveTiming? timing;

    public TrajectoryPublisher(SlamEngine engine, SlamReports reports, IMessageBus bus, InputStage input, IOptions<NodeOptions> options,
        ILogger<TrajectoryPublisher> logger, LiveTiming? timing = null)
    {
        this.timing = timing;
        this.engine = engine;
        this.reports = reports.Subscribe();
        this.bus = bus;
        this.input = input;
        this.options = options.Value;
        this.logger = logger;
        tf = bus.CreatePublisher<TFMessage>("/tf", QosProfile.Tf);
        odometry = bus.CreatePublisher<Odometry>(this.options.Topic("odometry"), QosProfile.Default);
        path = bus.CreatePublisher<NiceSlam.Messages.NavMsgs.Path>(this.options.Topic("path"), QosProfile.MapLike);
        pathBuilder = new PathBuilder(this.options.MapFrame);
        if (this.options.OdomFrame.Length > 0)
        {
            subscriptions.Add(bus.Subscribe<TFMessage>("/tf", QosProfile.Tf, m => transforms.Add(m, isStatic: false)));
            subscriptions.Add(bus.Subscribe<TFMessage>("/tf_static", QosProfile.TfStatic, m => transforms.Add(m, isStatic: true)));
        }
    }

    /// <summary>The camera frame the node publishes: camera_frame, else the colour image's frame_id.</summary>
    public string CameraFrame => options.CameraFrame.Length > 0 ? options.CameraFrame : input.ColorFrameId ?? "camera_color_optical_frame";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var report in reports.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try { Publish(report); }
                catch (Exception e) { logger.LogError(e, "could not publish the pose of frame {Index}", report.FrameIndex); }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        while (reports.TryRead(out var report)) Publish(report);             // what the workers reported last
        PublishPath();
        foreach (var s in subscriptions) s.Dispose();
    }

    private void Publish(FrameReport report)
    {
        if (report.Pose is not { } pose) return;                            // rejected frame
        if (report.Mapping is { BundleAdjusted: true }) { PublishPath(); return; }
        if (report.Mapping is not null) return;
        var stamp = Time.FromSeconds(report.Timestamp);
        var cameraInMap = MapFrameConvention.MapFromWorldOf(engine.System.Trajectory.AnchoredToGroundTruth) * pose;
        if (options.PublishTf && PoseTransform(cameraInMap, stamp) is { } transform)
            tf.Publish(new TFMessage { Transforms = [transform] });
        odometryBuilder ??= new OdometryBuilder(options.MapFrame, CameraFrame);
        odometry.Publish(odometryBuilder.Next(cameraInMap, stamp));
        PublishPath();
        if (report.Tracking is null && timing?.SinceReceipt(report.Timestamp) is double seconds)     // a map's first frame: after start, reset or load
            logger.LogInformation("first frame: tracked {Seconds:0.000} s after its receipt, pose published (frame {Index})", seconds, report.FrameIndex);
    }

    private TransformStamped? PoseTransform(Core.Geometry.RigidTransform cameraInMap, Time stamp)
    {
        if (options.OdomFrame.Length == 0)
            return TransformConversions.CameraTransform(cameraInMap, stamp, options.MapFrame, CameraFrame);
        if (transforms.Lookup(options.OdomFrame, CameraFrame) is { } cameraInOdom)
            return TransformConversions.MapToOdom(cameraInMap, cameraInOdom, stamp, options.MapFrame, options.OdomFrame);
        if (DateTime.UtcNow - lastLookupWarning > TimeSpan.FromSeconds(5))
        {
            lastLookupWarning = DateTime.UtcNow;
            logger.LogWarning("no transform {Odom} -> {Camera} on /tf yet: map -> {Odom} not published", options.OdomFrame, CameraFrame, options.OdomFrame);
        }
        return null;
    }

    private void PublishPath()
    {
        var trajectory = engine.System.Trajectory;
        pathBuilder.MapFromWorld = MapFrameConvention.MapFromWorldOf(trajectory.AnchoredToGroundTruth);
        if (pathBuilder.Update(trajectory) != PathChange.None) path.Publish(pathBuilder.Build());
    }
}
