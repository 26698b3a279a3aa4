using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NiceSlam.Dds.Ros;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Node;
using NiceSlam.Node.Transport;

namespace NiceSlam.Dds.Tests;

/// <summary>The hosted node with transport dds, as nice-slam-node runs it: on the graph under its name, its
/// services answering rmw_cyclonedds-framed calls, and saying why when its camera topics bring no frame.</summary>
[Trait("Category", "Slow")]
[Collection(NodeCollection.Name)]
public class NodeOnDdsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [DdsFact]
    public async Task With_transport_dds_the_node_joins_the_graph_answers_services_and_says_why_no_frame_comes()
    {
        uint domain = LoopbackDomain.Next();
        string[] args =
        [
            "--NiceSlam:transport=dds", $"--NiceSlam:domain_id={domain}", $"--NiceSlam:dds_config={CycloneConfig.Loopback()}",
            "--NiceSlam:ros_distro=jazzy", "--NiceSlam:source=topics", "--NiceSlam:device=cpu", "--NiceSlam:input_timeout=1",
            "--NiceSlam:status_period=0.3", "--NiceSlam:cloud_period=0", "--NiceSlam:occupancy_period=0", "--NiceSlam:mesh_period=0",
        ];
        var builder = NodeHost.CreateBuilder(args);
        builder.Services.AddSingleton(new RosNodeIdentity("slam", "/robot1"));
        var logs = new List<(LogLevel Level, string Text)>();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ListLogger(logs));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var bus = Assert.IsType<DdsMessageBus>(host.Services.GetRequiredService<IMessageBus>());
            Assert.Equal((domain, RosDistro.Jazzy, "slam", "/robot1"), (bus.Options.DomainId, bus.Options.Distro, bus.Options.NodeName, bus.Options.NodeNamespace));

            // A camera driver that publishes depth on the node's topic, colour on another name, and no CameraInfo.
            using var camera = new DdsMessageBus(LoopbackDomain.Options(domain, "camera", RosDistro.Jazzy));
            var o = new NodeOptions();
            var depth = camera.CreatePublisher<Image>(o.DepthTopic, QosProfile.SensorData);
            var colour = camera.CreatePublisher<Image>("/camera/color/image_raw", QosProfile.SensorData);
            var statuses = new List<SlamStatus>();
            using var sub = camera.Subscribe<SlamStatus>("/nice_slam/status", QosProfile.Default, s => { lock (statuses) statuses.Add(s); });
            var stamp = new Header(new Time(5, 0), "camera_color_optical_frame");
            string? diagnosis = null;
            Assert.True(await LoopbackDomain.WaitAsync(() =>
            {
                depth.Publish(new Image { Header = stamp, Width = 4, Height = 2, Encoding = "16UC1", Step = 8, Data = new byte[16] });
                colour.Publish(new Image { Header = stamp, Width = 4, Height = 2, Encoding = "rgb8", Step = 12, Data = new byte[24] });
                lock (statuses) diagnosis = statuses.LastOrDefault(s => s.InputDiagnosis.Contains("discoverable", StringComparison.Ordinal) &&
                                                                      s.InputDiagnosis.Contains("/camera/color/image_raw", StringComparison.Ordinal))?.InputDiagnosis;
                Thread.Sleep(50);
                return diagnosis is not null;
            }, Patience), "no status with a diagnosis: " + string.Join(" | ", statuses.Select(s => s.InputDiagnosis)));
            Assert.Contains($"colour {o.ColorTopic}: nothing received, and nobody publishes it", diagnosis);
            Assert.Matches($@"depth {o.DepthTopic}: \d+ received \(16UC1 4x2", diagnosis);
            Assert.Contains($"CameraInfo {o.CameraInfoTopic}: nothing received, and nobody publishes it", diagnosis);
            Assert.Contains("discoverable image topics: ", diagnosis);
            lock (logs) Assert.Contains(logs, l => l.Level == LogLevel.Warning && l.Text.StartsWith("no frame assembled for", StringComparison.Ordinal));

            // Services over DDS, called as an rmw_cyclonedds client calls them.
            using var client = new DdsMessageBus(LoopbackDomain.Options(domain, "client", RosDistro.Jazzy));
            using var reset = client.CreateClient<ResetMapRequest, MapServiceResponse>("/nice_slam/reset");
            using var save = client.CreateClient<SaveMapRequest, MapServiceResponse>("/nice_slam/save_map");
            var resetAnswer = await reset.CallAsync(new ResetMapRequest(), Patience);
            Assert.True(resetAnswer.Success, resetAnswer.Message);
            var saveAnswer = await save.CallAsync(new SaveMapRequest(Path.Combine(Path.GetTempPath(), "never-written.map")), Patience);
            Assert.False(saveAnswer.Success);                         // the node's own refusal, carried back
            Assert.Contains("first frame has been mapped", saveAnswer.Message);

            // `ros2 node list` would show /robot1/slam: its ros_discovery_info (16-byte Gids: Jazzy).
            using var observer = new DdsParticipant(domain, CycloneConfig.Loopback());
            using var reader = observer.CreateReader(ParticipantEntitiesInfo.DdsTopic, ParticipantEntitiesInfo.DdsTypeName, ParticipantEntitiesInfo.ReaderQos);
            ParticipantEntitiesInfo? info = null;
            var seen = new List<string>();
            Assert.True(await LoopbackDomain.WaitAsync(() =>
            {
                reader.TakeAll((cdr, _) =>
                {
                    var m = ParticipantEntitiesInfo.Deserialize(cdr, RosDistro.Jazzy);
                    seen.Add(string.Join(",", m.Nodes.Select(n => n.NodeNamespace + "/" + n.NodeName)));
                    if (m.Nodes.Any(n => n.NodeName == "slam")) info = m;
                });
                return info is not null;
            }, Patience), "seen: " + string.Join(" | ", seen));
            var node = Assert.Single(info!.Nodes);
            Assert.Equal("/robot1", node.NodeNamespace);
            // Subscriptions (colour, depth, CameraInfo, ground truth), service request readers; publishers, replies.
            Assert.True(node.ReaderGids.Count >= 8 && node.WriterGids.Count >= 10, $"{node.ReaderGids.Count} readers, {node.WriterGids.Count} writers");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void Transport_settings_are_checked_and_rcldotnet_is_not_this_executables()
    {
        Assert.Throws<ArgumentException>(() => new TransportOptions { Transport = "zenoh" }.Validate());
        Assert.Throws<ArgumentException>(() => new TransportOptions { RosDistro = "iron" }.Validate());
        Assert.Throws<ArgumentException>(() => new TransportOptions { DomainId = 233 }.Validate());
        Assert.Equal(7u, new TransportOptions().ResolveDomainId(n => n == "ROS_DOMAIN_ID" ? "7" : null));
        Assert.Equal(0u, new TransportOptions().ResolveDomainId(_ => null));
        Assert.Equal(3u, new TransportOptions { DomainId = 3 }.ResolveDomainId(_ => "7"));
        Assert.Throws<ArgumentException>(() => new TransportOptions().ResolveDomainId(_ => "x"));

        var builder = NodeHost.CreateBuilder(["--NiceSlam:transport=rcldotnet", "--NiceSlam:source=topics", "--NiceSlam:device=cpu"]);
        builder.Logging.ClearProviders();
        using var host = builder.Build();
        var e = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IMessageBus>());
        Assert.Contains("src/NiceSlam.Ros", e.Message);
    }

    [Fact]
    public void The_loopback_transport_is_the_default()
    {
        var builder = NodeHost.CreateBuilder(["--NiceSlam:source=topics", "--NiceSlam:device=cpu"]);
        builder.Logging.ClearProviders();
        using var host = builder.Build();
        Assert.IsType<LoopbackBus>(host.Services.GetRequiredService<IMessageBus>());
    }

    private sealed class ListLogger(List<(LogLevel, string)> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines) lines.Add((logLevel, formatter(state, exception)));
        }
    }
}
