using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NiceSlam.Data.Synthetic;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;
using NiceSlam.Node;
using NiceSlam.Node.Sources;

namespace NiceSlam.Foxglove.Tests;

/// <summary>The node with foxglove_port set: its bus is tapped and a client sees what the node publishes.</summary>
public class NodeLiveViewTests
{
    /// <summary>Engine settings for tests about plumbing, not accuracy.</summary>
    private static readonly string[] FastEngine =
    [
        "TrackingPixels=64", "TrackingIterations=2", "MappingPixels=64", "MappingIterations=2", "FirstFrameIterations=5",
        "MapEvery=2", "KeyframeEvery=2", "CoarseIterations=1", "OverlapPixels=16", "MeshVoxel=0.2",
    ];

    [Theory]
    [InlineData("foxglove_port=70000", "foxglove_port")]
    [InlineData("foxglove_port=-1", "foxglove_port")]
    [InlineData("foxglove_address=localhost", "foxglove_address")]
    public void Invalid_live_view_settings_are_named(string setting, string key)
    {
        var parts = setting.Split('=');
        var o = new NodeOptions();
        if (parts[0] == "foxglove_port") o.FoxglovePort = int.Parse(parts[1]);
        else o.FoxgloveAddress = parts[1];
        Assert.Contains(o.Problems(), p => p.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Off_by_default_the_transport_bus_is_not_tapped()
    {
        var defaults = new NodeOptions();
        Assert.Equal(0, defaults.FoxglovePort);
        Assert.Equal("127.0.0.1", defaults.FoxgloveAddress);
        using var bus = new LoopbackBus();
        using var host = NodeHost.CreateBuilder(["--NiceSlam:source=topics"], bus).Build();
        Assert.Same(bus, host.Services.GetRequiredService<IMessageBus>());
    }

    [Fact]
    public async Task A_client_sees_the_node_track_a_live_camera_its_tf_the_camera_stream_and_the_final_map()
    {
        var synthetic = new SyntheticSequence(new SyntheticSequenceOptions { Width = 80, Height = 60, FrameCount = 6 });
        var room = synthetic.MapBounds;
        var bus = new LoopbackBus();
        int port = FreePort();
        var defaults = new NodeOptions();
        string[] args =
        [
            "--NiceSlam:source=topics", $"--NiceSlam:foxglove_port={port}", "--NiceSlam:device=cpu", "--NiceSlam:width=0", "--NiceSlam:height=0",
            "--NiceSlam:queue_full_policy=block", "--NiceSlam:cloud_period=600", "--NiceSlam:occupancy_period=0", "--NiceSlam:mesh_period=0",
            "--NiceSlam:cloud_voxel=0.1", $"--NiceSlam:bounds={room.MinX},{room.MinY},{room.MinZ},{room.MaxX},{room.MaxY},{room.MaxZ}",
            .. FastEngine.Select((e, i) => $"--NiceSlam:slam_settings:{i}={e}"),
        ];
        var builder = NodeHost.CreateBuilder(args, bus);
        builder.Logging.ClearProviders();
        using var host = builder.Build();
        Assert.IsAssignableFrom<FoxgloveBusTap>(host.Services.GetRequiredService<IMessageBus>());
        var nodeTf = new List<TFMessage>();
        var nodeClouds = new List<PointCloud2>();
        using var tfSubscription = bus.Subscribe<TFMessage>("/tf", QosProfile.Tf, m => { lock (nodeTf) nodeTf.Add(m); });
        using var cloudSubscription = bus.Subscribe<PointCloud2>("/nice_slam/map_cloud", QosProfile.MapLike, m => { lock (nodeClouds) nodeClouds.Add(m); });
        await host.StartAsync();
        try
        {
            var server = host.Services.GetRequiredService<FoxgloveServer>();
            Assert.Equal(port, server.Port);
            await using var client = await TestClient.ConnectAsync(server);
            await client.SubscribeAsync(1, "/tf");
            await client.SubscribeAsync(2, "/nice_slam/map_cloud");
            await client.SubscribeAsync(3, defaults.ColorTopic);
            await client.SubscribeAsync(4, "/nice_slam/path");
            await TestClient.WaitUntilAsync(() => server.Channels.Count(c => c.Subscribers == 1) == 4, "four subscriptions");

            // A camera driver in another process: publishes on the transport, not through the node's tap.
            var colour = bus.CreatePublisher<Image>(defaults.ColorTopic, QosProfile.SensorData);
            var depth = bus.CreatePublisher<Image>(defaults.DepthTopic, QosProfile.SensorData);
            var info = bus.CreatePublisher<CameraInfo>(defaults.CameraInfoTopic, QosProfile.SensorData);
            for (int i = 0; i < synthetic.Count; i++)
            {
                var header = new Header(Time.FromSeconds(10 + i * 0.1), "camera_color_optical_frame");
                var frame = synthetic.ReadFrame(i);
                info.Publish(FrameMessages.Info(synthetic.Intrinsics, header));
                colour.Publish(FrameMessages.Colour(frame, header));
                depth.Publish(FrameMessages.Depth(frame, header));
            }
            await TestClient.WaitUntilAsync(() => { lock (nodeTf) return nodeTf.Count == synthetic.Count; }, "the node tracking every frame", 120);
            await host.StopAsync();                 // publishes the final map cloud, then closes the live view

            // What the client decoded is what the node published: every pose, the cloud's points, every image.
            var clientTf = client.Of(1).Select(m => CdrSerializer.Deserialize<TFMessage>(m.Payload)).ToList();
            Assert.Equal(synthetic.Count, clientTf.Count);
            lock (nodeTf)
                for (int i = 0; i < clientTf.Count; i++)
                {
                    Assert.Equal(nodeTf[i].Transforms[0].Header, clientTf[i].Transforms[0].Header);
                    Assert.Equal(nodeTf[i].Transforms[0].Transform, clientTf[i].Transforms[0].Transform);
                }
            var cloud = Assert.Single(nodeClouds);
            Assert.True(cloud.Width > 0);
            await TestClient.WaitUntilAsync(() => client.Of(2).Count == 1, "the final map cloud");
            Assert.Equal(cloud.Width, CdrSerializer.Deserialize<PointCloud2>(client.Of(2)[0].Payload).Width);
            Assert.Equal(synthetic.Count, client.Of(3).Count);
            Assert.Equal(synthetic.Count, CdrSerializer.Deserialize<Messages.NavMsgs.Path>(client.Of(4)[^1].Payload).Poses.Length);
        }
        finally
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(timeout.Token);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
