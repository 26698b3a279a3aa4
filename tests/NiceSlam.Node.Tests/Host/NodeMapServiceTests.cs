using NiceSlam.Core.Rendering;
using NiceSlam.Messages.NiceSlamMsgs;

namespace NiceSlam.Node.Tests.Host;

[Trait("Category", "Slow")]
[Collection(HostCollection.Name)]
public class NodeMapServiceTests
{
    /// <summary>A node on live topics with 4 frames tracked and a map, saving to <paramref name="dir"/>/default.map.</summary>
    private static async Task<(NodeHarness Node, LiveInput Camera)> MappedNodeAsync(string dir)
    {
        var node = NodeHarness.Create(null,
            ["source=topics", "width=0", "height=0", "queue_full_policy=block", "status_period=0", "cloud_period=0", "occupancy_period=0", "mesh_period=0",
             $"map_path={Path.Combine(dir, "default.map")}"],
            NodeHarness.FastEngine);
        await node.Host.StartAsync();
        var camera = new LiveInput(node.Bus);
        camera.Info(0);
        for (int i = 0; i < 4; i++) camera.Good(i, 1 + i * 0.1);
        await NodeHarness.WaitUntilAsync(() => node.Engine.System.Trajectory.Count == 4 && PublishedKeyframes(node) >= 2,
            TimeSpan.FromMinutes(2), "4 tracked frames");
        return (node, camera);
    }

    private static int PublishedKeyframes(NodeHarness node)
    {
        using var lease = node.Engine.System.AcquireMap();
        return lease?.Snapshot.Keyframes.Count ?? 0;
    }

    /// <summary>Depth rendered from the node's published map at its first keyframe (every 7th valid pixel).</summary>
    private static float[] Render(NodeHarness node)
    {
        using var lease = node.Engine.System.AcquireMap() ?? throw new InvalidOperationException("no map");
        using var scope = TorchSharp.torch.NewDisposeScope();
        var view = lease.Snapshot.Keyframes[0];
        return FrameRenderer.Render(lease.Snapshot.Map, view.Frame, view.CameraToWorld, new RaySampling(8, 4), stride: 7).Depth.data<float>().ToArray();
    }

    private static MapServiceResponse Save(NodeHarness node) =>
        node.Bus.Call<SaveMapRequest, MapServiceResponse>($"{node.Options.TopicPrefix}/save_map", new SaveMapRequest());

    private static MapServiceResponse Load(NodeHarness node, string path) =>
        node.Bus.Call<LoadMapRequest, MapServiceResponse>($"{node.Options.TopicPrefix}/load_map", new LoadMapRequest(path));

    [Fact]
    public async Task Save_reset_load_gives_back_the_map_and_the_trajectory()
    {
        using var dir = new TempDir();
        var (node, _) = await MappedNodeAsync(dir.Path);
        using (node)
        {
            var before = Render(node);
            var trajectoryBefore = node.Engine.System.Trajectory;
            var saved = Save(node);
            Assert.True(saved.Success, saved.Message);
            Assert.True(File.Exists(Path.Combine(dir.Path, "default.map")));     // empty path: map_path

            var reset = node.Bus.Call<ResetMapRequest, MapServiceResponse>($"{node.Options.TopicPrefix}/reset", new ResetMapRequest());
            Assert.True(reset.Success, reset.Message);
            Assert.Empty(node.Engine.System.Trajectory);
            Assert.Null(node.Engine.System.AcquireMap());

            var loaded = Load(node, Path.Combine(dir.Path, "default.map"));
            Assert.True(loaded.Success, loaded.Message);
            var after = Render(node);
            Assert.Equal(before.Length, after.Length);
            Assert.All(before.Zip(after), p => Assert.Equal(p.First, p.Second, 1e-5f));
            Assert.Equal(trajectoryBefore.Select(p => p.Pose), node.Engine.System.Trajectory.Select(p => p.Pose));
            await node.Host.StopAsync();
        }
    }

    [Fact]
    public async Task A_truncated_map_file_is_refused_with_the_reason_and_the_running_map_kept()
    {
        using var dir = new TempDir();
        var (node, _) = await MappedNodeAsync(dir.Path);
        using (node)
        {
            Assert.True(Save(node).Success);
            var before = Render(node);
            var bytes = File.ReadAllBytes(Path.Combine(dir.Path, "default.map"));
            string truncated = Path.Combine(dir.Path, "truncated.map");
            File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
            var refused = Load(node, truncated);
            Assert.False(refused.Success);
            Assert.Contains("truncated", refused.Message);
            Assert.Contains("running map is kept", refused.Message);
            Assert.All(before.Zip(Render(node)), p => Assert.Equal(p.First, p.Second, 1e-5f));
            Assert.Contains(node.Logs.Warnings, w => w.Contains("load_map refused", StringComparison.Ordinal));
            await node.Host.StopAsync();
        }
    }

    [Fact]
    public async Task After_a_load_the_node_tracks_on_against_the_loaded_map_and_exports_its_mesh()
    {
        using var dir = new TempDir();
        var (node, camera) = await MappedNodeAsync(dir.Path);
        using (node)
        {
            Assert.True(Save(node).Success);
            Assert.True(Load(node, Path.Combine(dir.Path, "default.map")).Success);
            camera.Good(4, 2.0);
            camera.Good(5, 2.1);
            await NodeHarness.WaitUntilAsync(() => node.Engine.System.Trajectory.Count == 6, TimeSpan.FromMinutes(2), "2 more tracked frames");

            var export = node.Bus.Call<ExportMeshRequest, ExportMeshResponse>($"{node.Options.TopicPrefix}/export_mesh",
                new ExportMeshRequest(Path.Combine(dir.Path, "mesh.ply")));
            Assert.True(export.Success, export.Message);
            Assert.True(export.Faces > 0);
            Assert.StartsWith("ply", File.ReadAllText(Path.Combine(dir.Path, "mesh.ply"))[..3]);
            await node.Host.StopAsync();
        }
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("nice-slam-map-").FullName;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    [Fact]
    public async Task When_a_replay_ends_the_node_finishes_mapping_and_saves_the_map_it_was_asked_to()
    {
        string dir = Directory.CreateTempSubdirectory("nice-slam-shutdown-").FullName;
        try
        {
            var synthetic = new NiceSlam.Data.Synthetic.SyntheticSequence(new NiceSlam.Data.Synthetic.SyntheticSequenceOptions { Width = 80, Height = 60, FrameCount = 4 });
            var source = new NiceSlam.Node.Sources.DatasetSource(synthetic, 4, NiceSlam.Node.Sources.TopicNames.From(new NodeOptions()));
            string map = Path.Combine(dir, "final.map");
            using var node = NodeHarness.Create(source,
                ["width=0", "height=0", "queue_full_policy=block", "playback_rate=0", "status_period=0", "cloud_period=0", "occupancy_period=0", "mesh_period=0",
                 "save_map_on_shutdown=true", $"map_path={map}"],
                NodeHarness.FastEngine);
            await node.RunToEndAsync(TimeSpan.FromMinutes(2));
            var state = NiceSlam.Data.Maps.MapFile.Load(map);
            Assert.Equal(4, state.Trajectory.Count);
            Assert.Equal(node.Engine.System.Counters.Keyframes, state.Keyframes.Count);   // the last frame's mapping call was finished
            Assert.Equal(state.Keyframes[^1].FrameIndex, state.Trajectory[^1].FrameIndex);
            Assert.Contains(node.Logs.All, l => l.Text.StartsWith("save_map: saved", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
