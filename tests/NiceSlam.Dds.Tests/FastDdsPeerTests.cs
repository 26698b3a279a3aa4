using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.Tf2Msgs;
using NiceSlam.Node;
using Path = NiceSlam.Messages.NavMsgs.Path;

namespace NiceSlam.Dds.Tests;

/// <summary>
/// The node on Cyclone DDS against an independent ROS 2 peer built on Fast DDS 2.9 from fastddsgen types: the peer
/// streams a synthetic camera the node tracks, and decodes with its own code every tf, odometry, path, cloud,
/// occupancy grid and status the node publishes; each is compared field by field with what the node published.
/// The same stream through the in-process loopback bus gives the same poses.
/// </summary>
[Trait("Category", "Slow")]
[Collection(NodeCollection.Name)]
public class FastDdsPeerTests
{
    private const int Frames = 4, Width = 48, Height = 36;

    /// <summary>Small and fast engine settings (the poses only have to be the same in both runs, not accurate).</summary>
    private static readonly string[] Engine =
    [
        "TrackingPixels=80", "TrackingIterations=4", "MappingPixels=120", "MappingIterations=4", "FirstFrameIterations=20",
        "MapEvery=2", "KeyframeEvery=2", "CoarseIterations=1", "OverlapPixels=16", "MeshVoxel=0.15",
    ];

    private static string[] NodeArguments(string mapPath)
    {
        var room = new NiceSlam.Data.Synthetic.SyntheticSequence(new() { Width = Width, Height = Height, FrameCount = Frames }).MapBounds;
        string[] settings =
        [
            "source=topics", "device=cpu", "width=0", "height=0", "queue_full_policy=block", "status_period=0.25",
            // Cloud and occupancy once, when the node stops (their periods are longer than the run); no mesh.
            "cloud_period=600", "occupancy_period=600", "mesh_period=0", "cloud_voxel=0.1", "occupancy_resolution=0.1",
            $"bounds={room.MinX},{room.MinY},{room.MinZ},{room.MaxX},{room.MaxY},{room.MaxZ}", $"map_path={mapPath}",
        ];
        return [.. settings.Select(s => $"--NiceSlam:{s}"), .. Engine.Select((e, i) => $"--NiceSlam:slam_settings:{i}={e}")];
    }

    [FastDdsFact]
    public async Task A_Fast_DDS_peer_streams_a_camera_the_node_tracks_and_decodes_every_output_as_published()
    {
        using var temp = new TempDirectory();
        var watch = Stopwatch.StartNew();
        var frames = CameraStream.Create(Width, Height, Frames);
        string streamFile = CameraStream.Write(frames, temp.Combine("stream"));
        string received = temp.Combine("received.txt"), mapPath = temp.Combine("saved.map");
        FastDdsPeer.EnsureBuilt(); // build (or reuse) the peer before anything is timed
        double build = watch.Elapsed.TotalSeconds;

        // ---- the node on Cyclone DDS, every publication recorded ----------------------------------------------------
        uint domain = LoopbackDomain.Next();
        var bus = new RecordingBus(new DdsMessageBus(LoopbackDomain.Options(domain, "nice_slam")));
        var builder = NodeHost.CreateBuilder(NodeArguments(mapPath), bus);
        builder.Logging.ClearProviders();
        using var host = builder.Build();
        await host.StartAsync();
        var o = new NodeOptions();
        using var peer = FastDdsPeer.Start("track", domain.ToString(), streamFile, received, o.ColorTopic, o.DepthTopic, o.CameraInfoTopic, o.TopicPrefix);
        peer.WaitForLine("ready", TimeSpan.FromSeconds(60));
        string tracked = peer.WaitForLine("tracked", TimeSpan.FromMinutes(3));
        double trackedAt = watch.Elapsed.TotalSeconds;

        // save_map over DDS from another (Cyclone) participant, framed as rmw_cyclonedds frames services.
        using (var client = new DdsMessageBus(LoopbackDomain.Options(domain, "client")))
        using (var save = client.CreateClient<SaveMapRequest, MapServiceResponse>(o.Topic("save_map")))
        {
            var saved = await save.CallAsync(new SaveMapRequest(mapPath), TimeSpan.FromSeconds(60));
            Assert.True(saved.Success, saved.Message);
            Assert.True(new FileInfo(mapPath).Length > 0, "save_map answered success but wrote no file");
        }
        await host.StopAsync();        // the final round: cloud, occupancy, status
        await Task.Delay(500);         // reliable delivery on loopback takes milliseconds
        Assert.Equal(0, peer.Stop(TimeSpan.FromSeconds(30)));
        bus.Dispose();

        // ---- what the peer decoded, field by field against what the node published -----------------------------------
        var lines = File.ReadAllLines(received).GroupBy(l => l.Split('\t')[0]).ToDictionary(g => g.Key, g => g.ToList());
        List<string> Lines(string kind) => lines.TryGetValue(kind, out var l) ? l : [];
        var tf = bus.Published<TFMessage>("/tf");
        Assert.Equal(Frames, tf.Count);
        // Volatile topics the peer subscribed before the first frame: every message, in order.
        ExpectAll(tf.Select(PeerFields.Of), Lines("tf"));
        ExpectAll(bus.Published<Odometry>(o.Topic("odometry")).Select(PeerFields.Of), Lines("odometry"));
        // Keep-last-1 topics (path, cloud, occupancy) may replace a message not yet delivered; status started before
        // the peer: what arrived is in published order, and the last one is the last published.
        ExpectTail(bus.Published<Path>(o.Topic("path")).Select(PeerFields.Of), Lines("path"));
        ExpectTail(bus.Published<PointCloud2>(o.Topic("map_cloud")).Select(PeerFields.Of), Lines("cloud"));
        ExpectTail(bus.Published<OccupancyGrid>(o.Topic("occupancy")).Select(PeerFields.Of), Lines("occupancy"));
        ExpectTail(bus.Published<SlamStatus>(o.Topic("status")).Select(PeerFields.Of), Lines("status"));
        var lastStatus = bus.Published<SlamStatus>(o.Topic("status"))[^1];
        Assert.Equal((ulong)Frames, lastStatus.FramesTracked);
        Assert.True(Assert.Single(bus.Published<PointCloud2>(o.Topic("map_cloud"))).Width > 0, "the final cloud is empty");

        // ---- the same stream through the loopback bus: the same poses -----------------------------------------------
        var loopbackTf = await RunOnLoopback(frames, temp.Combine("loopback.map"));
        Assert.Equal(tf.Count, loopbackTf.Count);
        double worst = 0;
        for (int i = 0; i < tf.Count; i++)
        {
            var (a, b) = (tf[i].Transforms[0], loopbackTf[i].Transforms[0]);
            Assert.Equal(b.Header, a.Header);
            Assert.Equal(b.ChildFrameId, a.ChildFrameId);
            var (ta, tb, ra, rb) = (a.Transform.Translation, b.Transform.Translation, a.Transform.Rotation, b.Transform.Rotation);
            worst = new[] { ta.X - tb.X, ta.Y - tb.Y, ta.Z - tb.Z, ra.X - rb.X, ra.Y - rb.Y, ra.Z - rb.Z, ra.W - rb.W }.Append(worst).Max(Math.Abs);
        }
        Assert.True(worst <= 1e-6, $"DDS and loopback poses differ by up to {worst:E2}");
        var moved = tf[^1].Transforms[0].Transform.Translation;
        string cache = FastDdsPeer.BuildSeconds > 0 ? "built" : "cached";
        Console.WriteLine(FormattableString.Invariant(
            $"Fast DDS peer: build {build:0.0} s ({cache}), {Frames} frames {Width}x{Height} tracked over DDS in {trackedAt - build:0.0} s ({tracked}); tf, odometry, path, cloud, occupancy, status decoded field by field; DDS vs loopback poses differ by at most {worst:E1} (last camera at {moved.X:0.000}, {moved.Y:0.000}, {moved.Z:0.000}); total {watch.Elapsed.TotalSeconds:0.0} s"));
    }

    /// <summary>The node on the loopback bus, fed the same messages one frame at a time (the peer's lockstep).</summary>
    private static async Task<IReadOnlyList<TFMessage>> RunOnLoopback(IReadOnlyList<CameraFrame> frames, string mapPath)
    {
        using var loopback = new LoopbackBus();
        var builder = NodeHost.CreateBuilder(NodeArguments(mapPath), loopback);
        builder.Logging.ClearProviders();
        using var host = builder.Build();
        var tf = new List<TFMessage>();
        using var sub = loopback.Subscribe<TFMessage>("/tf", QosProfile.Tf, m => { lock (tf) tf.Add(m); });
        await host.StartAsync();
        var o = new NodeOptions();
        var colour = loopback.CreatePublisher<Image>(o.ColorTopic, QosProfile.SensorData);
        var depth = loopback.CreatePublisher<Image>(o.DepthTopic, QosProfile.SensorData);
        var info = loopback.CreatePublisher<CameraInfo>(o.CameraInfoTopic, QosProfile.SensorData);
        for (int i = 0; i < frames.Count; i++)
        {
            info.Publish(frames[i].Info);
            colour.Publish(frames[i].Colour);
            depth.Publish(frames[i].Depth);
            int expected = i + 1;
            Assert.True(await LoopbackDomain.WaitAsync(() => { lock (tf) return tf.Count >= expected; }, TimeSpan.FromMinutes(2)), $"no tf for frame {i} on loopback");
        }
        await host.StopAsync();
        lock (tf) return [.. tf];
    }

    private static void ExpectAll(IEnumerable<object[]> published, List<string> received)
    {
        var expected = published.ToList();
        Assert.True(expected.Count > 0, "nothing was published");
        Assert.True(expected.Count == received.Count, $"{expected[0][0]}: {received.Count} received, {expected.Count} published");
        for (int i = 0; i < expected.Count; i++)
            Assert.Null(PeerFields.Compare(expected[i], received[i]));
    }

    private static void ExpectTail(IEnumerable<object[]> published, List<string> received)
    {
        var expected = published.ToList();
        Assert.True(expected.Count > 0, "nothing was published");
        Assert.True(received.Count > 0, $"{expected[0][0]}: nothing received of {expected.Count} published");
        // Each received message is a published one, in order (a subsequence), ending with the last published.
        int j = 0;
        foreach (var line in received)
        {
            while (j < expected.Count && PeerFields.Compare(expected[j], line) is not null) j++;
            Assert.True(j < expected.Count, $"{expected[0][0]}: received a message that was not published (or out of order): {line}; " +
                                            $"closest difference: {PeerFields.Compare(expected[^1], line)}");
            j++;
        }
        Assert.Null(PeerFields.Compare(expected[^1], received[^1]));
    }
}

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "niceslam-dds-" + Guid.NewGuid().ToString("N")[..8]);

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, true); } catch (IOException) { }
    }
}
