using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Core.Map;
using NiceSlam.Core.Meshing;
using NiceSlam.Core.Slam;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.VisualizationMsgs;
using NiceSlam.Node.Conversions;
using NiceSlam.Node.Engine;

namespace NiceSlam.Node.Outputs;

/// <summary>
/// Publishes the map at low rates, each round from one leased <see cref="MapSnapshot"/> (immutable, so the workers
/// go on while it meshes): the surface as sensor_msgs/PointCloud2 (mesh vertices, voxel-downsampled,
/// cloud_period), the 2-D nav_msgs/OccupancyGrid between two heights (occupancy_period) and the mesh as a
/// visualization_msgs/Marker triangle list (mesh_period). All are transient-local, so RViz started later still gets
/// the latest. A final round is published when the node stops.
/// </summary>
public sealed class MapPublisher : BackgroundService
{
    private readonly SlamEngine engine;
    private readonly NodeOptions options;
    private readonly ILogger<MapPublisher> logger;
    private readonly IPublisher<PointCloud2> cloud;
    private readonly IPublisher<OccupancyGrid> occupancy;
    private readonly IPublisher<Marker> mesh;
    private DateTime nextCloud, nextOccupancy, nextMesh;

    public MapPublisher(SlamEngine engine, IMessageBus bus, IOptions<NodeOptions> options, ILogger<MapPublisher> logger)
    {
        this.engine = engine;
        this.options = options.Value;
        this.logger = logger;
        cloud = bus.CreatePublisher<PointCloud2>(this.options.Topic("map_cloud"), QosProfile.MapLike);
        occupancy = bus.CreatePublisher<OccupancyGrid>(this.options.Topic("occupancy"), QosProfile.MapLike);
        mesh = bus.CreatePublisher<Marker>(this.options.Topic("mesh"), QosProfile.MapLike);
        var now = DateTime.UtcNow;
        nextCloud = Next(now, this.options.CloudPeriod);
        nextOccupancy = Next(now, this.options.OccupancyPeriod);
        nextMesh = Next(now, this.options.MeshPeriod);
    }

    /// <summary>When an output with <paramref name="period"/> is next due (never when its period is 0).</summary>
    private static DateTime Next(DateTime now, double period) => period > 0 ? now + TimeSpan.FromSeconds(period) : DateTime.MaxValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var periods = new[] { options.CloudPeriod, options.OccupancyPeriod, options.MeshPeriod }.Where(p => p > 0).ToArray();
        if (periods.Length == 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Clamp(periods.Min() / 4, 0.05, 1)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var now = DateTime.UtcNow;
                bool doCloud = now >= nextCloud, doOccupancy = now >= nextOccupancy, doMesh = now >= nextMesh;
                if (!(doCloud || doOccupancy || doMesh)) continue;
                // The work is CPU/GPU-heavy: run it off the timer thread; the next due times count from its end.
                await Task.Run(() => PublishRound(doCloud, doOccupancy, doMesh), stoppingToken).ConfigureAwait(false);
                now = DateTime.UtcNow;
                if (doCloud) nextCloud = Next(now, options.CloudPeriod);
                if (doOccupancy) nextOccupancy = Next(now, options.OccupancyPeriod);
                if (doMesh) nextMesh = Next(now, options.MeshPeriod);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (options.CloudPeriod > 0 || options.OccupancyPeriod > 0 || options.MeshPeriod > 0)
            PublishRound(options.CloudPeriod > 0, options.OccupancyPeriod > 0, options.MeshPeriod > 0);
    }

    /// <summary>Leases the latest map once and publishes the requested outputs from it, stamped with the time of
    /// the frame its mapping call mapped.</summary>
    public void PublishRound(bool doCloud, bool doOccupancy, bool doMesh)
    {
        try
        {
            var watch = Stopwatch.StartNew();
            using var lease = engine.System.AcquireMap();
            if (lease is null) return;
            var snapshot = lease.Snapshot;
            var header = new Header(Time.FromSeconds(Math.Max(0, snapshot.Timestamp)), options.MapFrame);
            var mapFromWorld = MapFrameConvention.MapFromWorldOf(snapshot.AnchoredToGroundTruth);
            TriangleMesh? surface = doCloud || doMesh ? snapshot.ExtractMesh(engine.Options.MeshVoxel, engine.Options.MeshCullDepthMargin) : null;
            if (doCloud) cloud.Publish(PointCloudBuilder.FromMesh(surface!, options.CloudVoxel, mapFromWorld, header));
            if (doMesh) mesh.Publish(MeshMarkerBuilder.Build(surface!, mapFromWorld, header, options.MeshMaxTriangles));
            if (doOccupancy)
            {
                var grid = OccupancyProjection.Project(snapshot.Map, snapshot.Keyframes, mapFromWorld,
                    options.OccupancyMinHeight, options.OccupancyMaxHeight, options.OccupancyResolution, engine.Options.MeshCullDepthMargin);
                occupancy.Publish(OccupancyGridBuilder.Build(grid, header));
            }
            logger.LogInformation("map outputs ({What}) in {Ms:0} ms", string.Join("+", new[] { doCloud ? "cloud" : null, doOccupancy ? "occupancy" : null, doMesh ? "mesh" : null }.OfType<string>()),
                watch.Elapsed.TotalMilliseconds);
        }
        catch (Exception e)
        {
            logger.LogError(e, "could not publish the map outputs");
        }
    }
}
