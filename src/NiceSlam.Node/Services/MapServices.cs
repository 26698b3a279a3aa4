using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Data.Maps;
using NiceSlam.Data.Meshes;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Node.Engine;
using NiceSlam.Node.Workers;

namespace NiceSlam.Node.Services;

/// <summary>
/// The node's services: save_map, load_map, reset, export_mesh (under topic_prefix). Saving and meshing read the
/// published snapshots while the workers run; loading and resetting run as <see cref="ExclusiveCommands"/> (between
/// two frames, both workers idle).
/// A map file that cannot be read (corrupt, truncated, other format version, other decoders) is refused with the
/// reason and the running map is kept. Also loads load_map_on_start at start and saves on shutdown when
/// save_map_on_shutdown is set.
/// </summary>
public sealed class MapServices(SlamEngine engine, ExclusiveCommands commands, IMessageBus bus, IOptions<NodeOptions> options, ILogger<MapServices> logger)
    : IHostedService
{
    private static readonly TimeSpan ExclusiveTimeout = TimeSpan.FromMinutes(2);
    private readonly NodeOptions settings = options.Value;
    private readonly List<IDisposable> services = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.Add(bus.AdvertiseService<SaveMapRequest, MapServiceResponse>(settings.Topic("save_map"), Save));
        services.Add(bus.AdvertiseService<LoadMapRequest, MapServiceResponse>(settings.Topic("load_map"), Load));
        services.Add(bus.AdvertiseService<ResetMapRequest, MapServiceResponse>(settings.Topic("reset"), Reset));
        services.Add(bus.AdvertiseService<ExportMeshRequest, ExportMeshResponse>(settings.Topic("export_mesh"), ExportMesh));
        if (settings.LoadMapOnStart.Length > 0)
        {
            var result = Load(new LoadMapRequest(settings.LoadMapOnStart));
            if (!result.Success) throw new InvalidOperationException($"load_map_on_start: {result.Message}");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var s in services) s.Dispose();
        services.Clear();
        if (settings.SaveMapOnShutdown)
        {
            var result = Save(new SaveMapRequest());
            if (!result.Success) logger.LogError("save_map_on_shutdown: {Message}", result.Message);
        }
        return Task.CompletedTask;
    }

    public MapServiceResponse Save(SaveMapRequest request)
    {
        string path = request.Path.Length > 0 ? request.Path : settings.MapPath;
        try
        {
            var watch = Stopwatch.StartNew();
            using (var lease = engine.System.AcquireMap())
                if (lease is null) return Refuse("save_map", "nothing to save: there is a map only once the first frame has been mapped");
            var state = engine.System.ExportState();
            MapFile.Save(state, path);
            return Done("save_map", $"saved {state.Keyframes.Count} keyframes and {state.Trajectory.Count} poses to {Path.GetFullPath(path)} " +
                $"({new FileInfo(path).Length / 1e6:0.0} MB, {watch.Elapsed.TotalSeconds:0.0} s)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return Refuse("save_map", $"could not write {path}: {e.Message}");
        }
    }

    public MapServiceResponse Load(LoadMapRequest request)
    {
        try
        {
            var state = MapFile.Load(request.Path);      // read and checked completely before the running map is touched
            Exclusive(() => engine.System.ImportState(state));
            return Done("load_map", $"loaded {request.Path}: {state.Keyframes.Count} keyframes, {state.Trajectory.Count} poses");
        }
        catch (Exception e) when (e is MapFileException or IOException or ArgumentException or InvalidDataException or InvalidOperationException or TimeoutException)
        {
            return Refuse("load_map", $"{e.Message}; the running map is kept");
        }
    }

    public MapServiceResponse Reset(ResetMapRequest request)
    {
        try
        {
            Exclusive(engine.System.Reset);
            return Done("reset", "map and trajectory cleared; the next frame starts a new map");
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            return Refuse("reset", e.Message);
        }
    }

    public ExportMeshResponse ExportMesh(ExportMeshRequest request)
    {
        try
        {
            using var lease = engine.System.AcquireMap();
            if (lease is null) return new ExportMeshResponse(false, Refuse("export_mesh", "nothing to mesh: there is a map only once the first frame has been mapped").Message, 0, 0);
            var mesh = lease.Snapshot.ExtractMesh(request.Resolution > 0 ? request.Resolution : engine.Options.Meshing.Voxel, engine.Options.Meshing.CullDepthMargin);
            PlyWriter.Write(request.Path, mesh);
            var message = $"wrote {mesh.VertexCount} vertices and {mesh.FaceCount} faces to {Path.GetFullPath(request.Path)}";
            logger.LogInformation("export_mesh: {Message}", message);
            return new ExportMeshResponse(true, message, (uint)mesh.VertexCount, (uint)mesh.FaceCount);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new ExportMeshResponse(false, Refuse("export_mesh", e.Message).Message, 0, 0);
        }
    }

    private void Exclusive(Action action)
    {
        var task = commands.RunAsync(() => { action(); return true; });
        if (Task.WhenAny(task, Task.Delay(ExclusiveTimeout)).GetAwaiter().GetResult() != task)
            throw new TimeoutException($"the workers did not become idle within {ExclusiveTimeout.TotalSeconds:0} s");
        task.GetAwaiter().GetResult();
    }

    private MapServiceResponse Done(string service, string message)
    {
        logger.LogInformation("{Service}: {Message}", service, message);
        return new MapServiceResponse(true, message);
    }

    private MapServiceResponse Refuse(string service, string message)
    {
        logger.LogWarning("{Service} refused: {Message}", service, message);
        return new MapServiceResponse(false, message);
    }
}
