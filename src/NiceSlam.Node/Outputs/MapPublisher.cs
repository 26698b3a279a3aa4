using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Core.Compute;
using NiceSlam.Core.Geometry;
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
using NiceSlam.Node.Workers;

namespace NiceSlam.Node.Outputs;

/// <summary>
/// Publishes the map at low rates, each round from one leased <see cref="MapSnapshot"/> (immutable, so the workers
/// go on while it meshes): the surface as sensor_msgs/PointCloud2 (mesh vertices, voxel-downsampled,
/// cloud_period), the 2-D nav_msgs/OccupancyGrid between two heights (occupancy_period) and the mesh as a
/// visualization_msgs/Marker triangle list (mesh_period). All are transient-local, so RViz started later still gets
/// the latest. A final round is published when the node stops.
/// <para>
/// The outputs are incremental and yield to tracking: an <see cref="IncrementalMesher"/> keeps the mesh block by
/// block and each round marches, culls and colours again only the blocks the snapshots since the last round changed
/// (the mesh is brought up to date every round, which also gives the occupancy the blocks to evaluate again; the
/// occupancy reuses its previous grid's other columns). Rounds run on a thread of their own with one libtorch
/// intra-op thread and a raised nice value, so the tracker's threads win the cores. Each round logs its cost:
/// blocks re-meshed of all, and milliseconds per output.
/// </para>
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

    // Incremental state, touched only by PublishRound (under roundLock).
    private readonly object roundLock = new();
    private IncrementalMesher? mesher;
    private long meshedVersion = -1;
    private TriangleMesh meshed = TriangleMesh.Empty;
    private readonly HashSet<MeshBlock> occupancyStale = [];                  // blocks changed since the last occupancy
    private bool occupancyRebuild = true;
    private ProjectedOccupancy? lastOccupancy;
    private RigidTransform lastMapFromWorld;

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

    /// <summary>The output periods changed (a parameter was set): each output is next due one new period from now.
    /// Outputs turn on only if some output was on when the node started (otherwise the publisher's loop is not running).</summary>
    public void Reschedule()
    {
        var now = DateTime.UtcNow;
        nextCloud = Next(now, options.CloudPeriod);
        nextOccupancy = Next(now, options.OccupancyPeriod);
        nextMesh = Next(now, options.MeshPeriod);
    }

    /// <summary>When an output with <paramref name="period"/> is next due (never when its period is 0).</summary>
    private static DateTime Next(DateTime now, double period) => period > 0 ? now + TimeSpan.FromSeconds(period) : DateTime.MaxValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var periods = new[] { options.CloudPeriod, options.OccupancyPeriod, options.MeshPeriod }.Where(p => p > 0).ToArray();
        if (periods.Length == 0) return;
        // A thread of its own: its niceness and libtorch thread count are set once and stay with it.
        await WorkerThread.Run("map-outputs", () => Loop(periods, stoppingToken)).ConfigureAwait(false);
    }

    private async Task Loop(double[] periods, CancellationToken stoppingToken)
    {
        int? nice = BackgroundPriority.LowerCurrentThread();
        using var threads = IntraOpThreads.Limit(1);
        logger.LogInformation("map outputs run on their own thread, nice {Nice}, 1 libtorch thread", nice?.ToString() ?? "n/a");
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Clamp(periods.Min() / 4, 0.05, 1)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = DateTime.UtcNow;
                bool doCloud = now >= nextCloud, doOccupancy = now >= nextOccupancy, doMesh = now >= nextMesh;
                if (!(doCloud || doOccupancy || doMesh)) continue;
                // On this low-priority thread (the awaits resume on it); the next due times count from the round's end.
                PublishRound(doCloud, doOccupancy, doMesh);
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
        {
            // The workers have stopped: no need to yield, but one libtorch thread is still the cheaper way on a
            // loaded machine (a second one mostly waits for a core).
            using var threads = IntraOpThreads.Limit(1);
            PublishRound(options.CloudPeriod > 0, options.OccupancyPeriod > 0, options.MeshPeriod > 0);
        }
    }

    /// <summary>Leases the latest map once, brings the incremental mesh up to it and publishes the requested
    /// outputs from it, stamped with the time of the frame its mapping call mapped.</summary>
    public void PublishRound(bool doCloud, bool doOccupancy, bool doMesh)
    {
        lock (roundLock)
        {
            try
            {
                var watch = Stopwatch.StartNew();
                var total = Stopwatch.StartNew();
                var cpuStart = ThreadCpuClock.Now();
                using var lease = engine.System.AcquireMap();
                if (lease is null) return;
                var snapshot = lease.Snapshot;
                var header = new Header(Time.FromSeconds(Math.Max(0, snapshot.Timestamp)), options.MapFrame);
                var mapFromWorld = MapFrameConvention.MapFromWorldOf(snapshot.AnchoredToGroundTruth);
                var costs = new List<string>();
                double Lap()
                {
                    double ms = watch.Elapsed.TotalMilliseconds;
                    watch.Restart();
                    return ms;
                }
                Lap();

                var round = UpdateMesh(snapshot);
                costs.Add(round is null
                    ? FormattableString.Invariant($"map unchanged (mapping call {snapshot.Version}), mesh reused")
                    : FormattableString.Invariant($"blocks re-meshed {round.BlocksMeshed}/{round.BlocksTotal} (re-culled {round.BlocksCulled}, re-coloured {round.BlocksColoured}{(round.Rebuilt ? ", rebuilt" : "")}), mesh update {Lap():0} ms"));
                if (doCloud)
                {
                    cloud.Publish(PointCloudBuilder.FromMesh(meshed, options.CloudVoxel, mapFromWorld, header));
                    costs.Add(FormattableString.Invariant($"cloud {Lap():0} ms"));
                }
                if (doMesh)
                {
                    mesh.Publish(MeshMarkerBuilder.Build(meshed, mapFromWorld, header, options.MeshMaxTriangles));
                    costs.Add(FormattableString.Invariant($"mesh marker {Lap():0} ms ({meshed.FaceCount} triangles)"));
                }
                if (doOccupancy)
                {
                    var lattice = mesher!.Lattice;
                    var stale = occupancyStale.ToArray();
                    var reuse = !occupancyRebuild && lastOccupancy is not null && lattice is not null && lastMapFromWorld == mapFromWorld
                        ? new OccupancyReuse(lastOccupancy, points => lattice.Contains(points, stale))
                        : null;
                    var grid = OccupancyProjection.Project(snapshot.Map, snapshot.Keyframes, mapFromWorld,
                        options.OccupancyMinHeight, options.OccupancyMaxHeight, options.OccupancyResolution, engine.Options.Meshing.CullDepthMargin,
                        reuse: reuse);
                    occupancy.Publish(OccupancyGridBuilder.Build(grid, header));
                    (lastOccupancy, lastMapFromWorld, occupancyRebuild) = (grid, mapFromWorld, false);
                    occupancyStale.Clear();
                    costs.Add(FormattableString.Invariant($"occupancy {Lap():0} ms ({grid.EvaluatedColumns}/{grid.Cells.Length} columns)"));
                }
                var cpu = ThreadCpuClock.Now() - cpuStart;
                logger.LogInformation("map outputs ({What}) in {Ms:0} ms{Cpu}: {Costs}", string.Join("+", new[] { doCloud ? "cloud" : null, doOccupancy ? "occupancy" : null, doMesh ? "mesh" : null }.OfType<string>()),
                    total.Elapsed.TotalMilliseconds, cpu is { } used ? FormattableString.Invariant($" ({used.TotalMilliseconds:0} ms CPU)") : "", string.Join(", ", costs));
            }
            catch (Exception e)
            {
                logger.LogError(e, "could not publish the map outputs");
            }
        }
    }

    /// <summary>Brings the block mesh up to <paramref name="snapshot"/> (nothing to do when it is the snapshot of the
    /// last round) and notes for the occupancy which blocks changed; null when nothing was redone.</summary>
    private IncrementalMeshRound? UpdateMesh(MapSnapshot snapshot)
    {
        if (snapshot.Version == meshedVersion && mesher is not null) return null;
        double voxel = engine.Options.Meshing.Voxel;
        // A keyframe's culling is redone once bundle adjustment has moved points of its frustum by half a mesh
        // voxel since it was last applied (it nudges the window's poses every call).
        mesher ??= new IncrementalMesher(voxel, engine.Options.Meshing.CullDepthMargin, BlockCubes, poseTolerance: voxel / 2);
        var round = mesher.Update(snapshot.Map, snapshot.Keyframes);
        meshed = round.Mesh;
        meshedVersion = snapshot.Version;
        occupancyStale.UnionWith(round.Changed);
        occupancyRebuild |= round.Rebuilt;
        return round;
    }

    /// <summary>Mesh lattice cubes per block edge (0.64 m blocks at the default 0.04 m mesh voxel).</summary>
    private const int BlockCubes = 16;

    public override void Dispose()
    {
        base.Dispose();
        lock (roundLock) mesher?.Dispose();
        mesher = null;
    }
}
