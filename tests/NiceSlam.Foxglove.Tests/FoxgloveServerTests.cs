using System.Diagnostics;
using System.Net.WebSockets;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;

namespace NiceSlam.Foxglove.Tests;

public class FoxgloveServerTests
{
    [Fact]
    public async Task A_client_gets_server_info_and_every_topic_with_its_ros_type_and_schema()
    {
        await using var node = await TestServer.StartAsync();
        node.Tap.CreatePublisher<TFMessage>("/tf", QosProfile.Tf);
        node.Tap.CreatePublisher<PointCloud2>("/nice_slam/map_cloud", QosProfile.MapLike);
        node.Tap.Subscribe<Image>("/camera/color", QosProfile.SensorData, _ => { });
        await using var client = await TestClient.ConnectAsync(node.Server);
        // A topic that appears later is advertised to connected clients.
        node.Tap.CreatePublisher<Odometry>("/nice_slam/odometry", QosProfile.Default);

        var info = await TestClient.WaitAsync(() => client.Ops("serverInfo").Cast<System.Text.Json.JsonElement?>().FirstOrDefault(), "serverInfo");
        Assert.Equal(["cdr"], info.GetProperty("supportedEncodings").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("services", info.GetProperty("capabilities").EnumerateArray().Select(e => e.GetString()));
        foreach (var (topic, type) in new[] { ("/tf", "tf2_msgs/msg/TFMessage"), ("/nice_slam/map_cloud", "sensor_msgs/msg/PointCloud2"),
                     ("/camera/color", "sensor_msgs/msg/Image"), ("/nice_slam/odometry", "nav_msgs/msg/Odometry") })
        {
            var channel = await client.ChannelAsync(topic);
            Assert.Equal(type, channel.GetProperty("schemaName").GetString());
            Assert.Equal("cdr", channel.GetProperty("encoding").GetString());
            Assert.Equal("ros2msg", channel.GetProperty("schemaEncoding").GetString());
            Assert.Equal(MessageDefinitions.For(type), channel.GetProperty("schema").GetString());
        }
        Assert.Equal(4, client.Ops("advertise").SelectMany(a => a.GetProperty("channels").EnumerateArray()).Select(c => c.GetProperty("id").GetUInt32()).Distinct().Count());
    }

    [Fact]
    public async Task A_connection_without_the_foxglove_subprotocol_is_refused()
    {
        await using var node = await TestServer.StartAsync();
        using var socket = new ClientWebSocket();
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{node.Server.Port}"), CancellationToken.None));
        using var http = new HttpClient();
        var response = await http.GetAsync($"http://127.0.0.1:{node.Server.Port}/");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(FoxgloveProtocol.Subprotocol, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Message_data_carries_the_subscription_the_bus_clock_and_the_exact_cdr_of_the_transport()
    {
        var now = Time.FromSeconds(1234.5);
        var server = new FoxgloveServer(new FoxgloveServerOptions { Port = 0 });
        using var bus = FoxgloveBusTap.Wrap(new LoopbackBus(() => now), server);
        await server.StartAsync(CancellationToken.None);
        try
        {
            var tf = bus.CreatePublisher<TFMessage>("/tf", QosProfile.Tf);
            var odometry = bus.CreatePublisher<Odometry>("/nice_slam/odometry", QosProfile.Default);
            await using var client = await TestClient.ConnectAsync(server);
            await client.SubscribeAsync(7, "/tf");
            await client.SubscribeAsync(9, "/nice_slam/odometry");
            await TestClient.WaitUntilAsync(() => server.Channels.All(c => c.Subscribers == 1), "subscriptions");
            var sent = TestMessages.Tf(1234.5, 1.25, -0.5, 0.75, new Quaternion(0.1, 0.2, 0.3, Math.Sqrt(1 - 0.14)));
            tf.Publish(sent);
            odometry.Publish(TestMessages.Odometry(1234.5, 3));
            await TestClient.WaitUntilAsync(() => client.Of(7).Count == 1 && client.Of(9).Count == 1, "one message on each subscription");
            var (timestamp, payload) = client.Of(7)[0];
            Assert.Equal((ulong)now.TotalNanoseconds, timestamp);
            Assert.Equal(CdrSerializer.Serialize(sent), payload);
            Assert.Equal(sent.Transforms[0].Transform, CdrSerializer.Deserialize<TFMessage>(payload).Transforms[0].Transform);
            Assert.Equal(3, CdrSerializer.Deserialize<Odometry>(client.Of(9)[0].Payload).Pose.Pose.Position.X);
        }
        finally { await server.StopAsync(CancellationToken.None); }
    }

    [Fact]
    public async Task A_late_client_gets_the_last_map_path_and_mesh_on_subscribe_but_no_old_tf()
    {
        await using var node = await TestServer.StartAsync();
        var cloud = node.Tap.CreatePublisher<PointCloud2>("/nice_slam/map_cloud", QosProfile.MapLike);
        var path = node.Tap.CreatePublisher<Messages.NavMsgs.Path>("/nice_slam/path", QosProfile.MapLike);
        var tf = node.Tap.CreatePublisher<TFMessage>("/tf", QosProfile.Tf);
        cloud.Publish(TestMessages.Cloud(10));
        cloud.Publish(TestMessages.Cloud(25));
        path.Publish(TestMessages.Path(4));
        tf.Publish(TestMessages.Tf(1, 0, 0, 0, Quaternion.Identity));

        await using var client = await TestClient.ConnectAsync(node.Server);
        await client.SubscribeAsync(1, "/nice_slam/map_cloud");
        await client.SubscribeAsync(2, "/nice_slam/path");
        await client.SubscribeAsync(3, "/tf");
        await TestClient.WaitUntilAsync(() => client.Of(1).Count == 1 && client.Of(2).Count == 1, "the latched cloud and path");
        Assert.Equal(25u, CdrSerializer.Deserialize<PointCloud2>(client.Of(1)[0].Payload).Width);
        Assert.Equal(4, CdrSerializer.Deserialize<Messages.NavMsgs.Path>(client.Of(2)[0].Payload).Poses.Length);
        await Task.Delay(200);
        Assert.Empty(client.Of(3));                  // tf is volatile: nothing old
        Assert.Single(client.Of(1));                 // the latched message once
    }

    [Fact]
    public async Task Two_clients_receive_the_same_messages()
    {
        await using var node = await TestServer.StartAsync();
        var tf = node.Tap.CreatePublisher<TFMessage>("/tf", QosProfile.Tf);
        await using var a = await TestClient.ConnectAsync(node.Server);
        await using var b = await TestClient.ConnectAsync(node.Server);
        await a.SubscribeAsync(1, "/tf");
        await b.SubscribeAsync(5, "/tf");
        await TestClient.WaitUntilAsync(() => node.Server.Channels[0].Subscribers == 2, "two subscriptions");
        for (int i = 0; i < 20; i++) tf.Publish(TestMessages.Tf(i, i, 0, 0, Quaternion.Identity));
        await TestClient.WaitUntilAsync(() => a.Of(1).Count == 20 && b.Of(5).Count == 20, "20 messages on each client");
        Assert.Equal(a.Of(1).Select(m => m.Payload), b.Of(5).Select(m => m.Payload));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (double)i),
            a.Of(1).Select(m => CdrSerializer.Deserialize<TFMessage>(m.Payload).Transforms[0].Transform.Translation.X));
        Assert.Equal(2, node.Server.ClientCount);
        Assert.Equal(0, node.Server.DroppedMessages);
    }

    [Fact]
    public async Task A_client_that_drops_mid_stream_leaves_the_publisher_and_the_other_clients_unharmed()
    {
        await using var node = await TestServer.StartAsync();
        var tf = node.Tap.CreatePublisher<TFMessage>("/tf", QosProfile.Tf);
        var cloud = node.Tap.CreatePublisher<PointCloud2>("/nice_slam/map_cloud", QosProfile.MapLike);
        await using var stays = await TestClient.ConnectAsync(node.Server);
        var leaves = await TestClient.ConnectAsync(node.Server);
        await stays.SubscribeAsync(1, "/tf");
        await leaves.SubscribeAsync(1, "/tf");
        await leaves.SubscribeAsync(2, "/nice_slam/map_cloud");
        await TestClient.WaitUntilAsync(() => node.Server.Channels[0].Subscribers == 2 && node.Server.Channels[1].Subscribers == 1, "subscriptions");
        var publishing = Task.Run(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                tf.Publish(TestMessages.Tf(i, i, 0, 0, Quaternion.Identity));
                if (i % 20 == 0) cloud.Publish(TestMessages.Cloud(5000));
                Thread.Sleep(2);
            }
        });
        await TestClient.WaitUntilAsync(() => leaves.Of(1).Count >= 10, "the leaving client receiving");
        leaves.Abort();
        await publishing;                                          // no exception, no hang
        await TestClient.WaitUntilAsync(() => node.Server.ClientCount == 1, "the server noticing the client left");
        // The remaining client gets the stream in order, up to the last message (a burst beyond tf's depth of 100 may
        // drop older ones, never the newest).
        await TestClient.WaitUntilAsync(() => stays.Of(1).Count > 0 && X(stays.Of(1)[^1]) == 199, "the last tf on the remaining client");
        var xs = stays.Of(1).Select(X).ToList();
        Assert.Equal(xs.Order(), xs);
        Assert.Equal(xs.Count, xs.Distinct().Count());
        Assert.Equal(1, node.Server.Channels[0].Subscribers);
        Assert.Equal(0, node.Server.Channels[1].Subscribers);      // the leaver's subscriptions were released
        await leaves.DisposeAsync();
    }

    private static double X((ulong Timestamp, byte[] Payload) m) =>
        CdrSerializer.Deserialize<TFMessage>(m.Payload).Transforms[0].Transform.Translation.X;

    [Fact]
    public async Task A_client_that_never_reads_does_not_hold_up_the_publisher_and_its_oldest_messages_are_dropped_and_counted()
    {
        await using var node = await TestServer.StartAsync();
        var cloud = node.Tap.CreatePublisher<PointCloud2>("/nice_slam/map_cloud", QosProfile.MapLike);
        var tf = node.Tap.CreatePublisher<TFMessage>("/tf", QosProfile.Tf);
        await using var reader = await TestClient.ConnectAsync(node.Server);
        await using var stalled = await TestClient.ConnectAsync(node.Server, read: false);
        await stalled.SubscribeAsync(1, node.Server.Channels.Single(c => c.Topic == "/nice_slam/map_cloud").Id);   // never reads a byte
        await reader.SubscribeAsync(1, "/tf");
        await TestClient.WaitUntilAsync(() => node.Server.Channels.All(c => c.Subscribers == 1), "subscriptions");

        const int messages = 200;
        var big = Enumerable.Range(0, 4).Select(i => TestMessages.Cloud(16_384 + i)).ToArray();      // 256 KiB each
        var slowest = TimeSpan.Zero;
        var total = Stopwatch.StartNew();
        for (int i = 0; i < messages; i++)
        {
            var one = Stopwatch.StartNew();
            cloud.Publish(big[i % big.Length]);
            tf.Publish(TestMessages.Tf(i, i, 0, 0, Quaternion.Identity));
            if (one.Elapsed > slowest) slowest = one.Elapsed;
        }
        total.Stop();
        // 50 MiB were offered to a client that reads nothing: the publisher only queued references.
        Assert.True(slowest < TimeSpan.FromSeconds(1), $"a publish call took {slowest.TotalMilliseconds:0} ms");
        Assert.True(total.Elapsed < TimeSpan.FromSeconds(5), $"{messages} publishes took {total.Elapsed.TotalMilliseconds:0} ms");
        await TestClient.WaitUntilAsync(() => node.Server.DroppedMessages > 0, "drops for the stalled client");
        // The map cloud keeps one message waiting (its QoS depth): all but the few in the socket buffers are dropped.
        Assert.True(node.Server.DroppedMessages >= messages - 64, $"only {node.Server.DroppedMessages} dropped");
        // The reading client is served regardless: tf in order, up to the last one.
        await TestClient.WaitUntilAsync(() => reader.Of(1).Count > 0 && X(reader.Of(1)[^1]) == messages - 1, "the last tf on the reading client");
        var xs = reader.Of(1).Select(X).ToList();
        Assert.Equal(xs.Order(), xs);
    }

    [Fact]
    public async Task Malformed_client_messages_are_ignored_answered_with_an_error_status_and_counted()
    {
        await using var node = await TestServer.StartAsync();
        var tf = node.Tap.CreatePublisher<TFMessage>("/tf", QosProfile.Tf);
        await using var client = await TestClient.ConnectAsync(node.Server);
        await client.ChannelAsync("/tf");
        string[] texts =
        [
            "not json at all",
            """["op","subscribe"]""",
            """{"op":"noSuchOperation"}""",
            """{"op":"subscribe","subscriptions":[{"id":"one","channelId":1}]}""",
            """{"op":"subscribe","subscriptions":[{"id":3,"channelId":999}]}""",
            """{"op":"unsubscribe","subscriptionIds":[42]}""",
            """{"op":"advertise","channels":[]}""",
        ];
        foreach (var text in texts) await client.SendTextAsync(text);
        await client.SendBinaryAsync([0x7f, 1, 2]);
        await client.SendBinaryAsync([FoxgloveProtocol.ServiceCallRequestOp, 1, 0]);                // truncated
        await client.SendBinaryAsync([FoxgloveProtocol.ClientMessageDataOp, 1, 0, 0, 0, 9]);        // no client publishing
        const int bad = 10;
        await TestClient.WaitUntilAsync(() => node.Server.RejectedClientMessages == bad, $"{bad} rejections");
        await TestClient.WaitUntilAsync(() => client.Ops("status").Count() == bad, "an error status for each");
        Assert.All(client.Ops("status"), s => Assert.Equal(FoxgloveProtocol.StatusError, s.GetProperty("level").GetInt32()));

        // The connection still works.
        await client.SubscribeAsync(4, "/tf");
        await TestClient.WaitUntilAsync(() => node.Server.Channels[0].Subscribers == 1, "the subscription");
        tf.Publish(TestMessages.Tf(1, 2, 3, 4, Quaternion.Identity));
        await TestClient.WaitUntilAsync(() => client.Of(4).Count == 1, "a message after the bad ones");
        Assert.Equal(bad, node.Server.RejectedClientMessages);
    }

    [Fact]
    public async Task A_camera_stream_the_node_receives_is_shown_once_whether_published_here_or_elsewhere()
    {
        await using var node = await TestServer.StartAsync();
        var received = new List<Image>();
        node.Tap.Subscribe<Image>("/camera/color", QosProfile.SensorData, m => { lock (received) received.Add(m); });
        node.Tap.Subscribe<Image>("/camera/depth", QosProfile.SensorData, _ => { });
        var remote = node.Bus.CreatePublisher<Image>("/camera/color", QosProfile.SensorData);  // another process: not through the tap
        var local = node.Tap.CreatePublisher<Image>("/camera/depth", QosProfile.SensorData);   // a replay in this process
        await using var client = await TestClient.ConnectAsync(node.Server);
        await client.SubscribeAsync(1, "/camera/color");
        await client.SubscribeAsync(2, "/camera/depth");
        await TestClient.WaitUntilAsync(() => node.Server.Channels.All(c => c.Subscribers == 1), "subscriptions");
        for (int i = 0; i < 3; i++)
        {
            remote.Publish(TestMessages.Colour(i));
            local.Publish(TestMessages.Colour(i));
        }
        await TestClient.WaitUntilAsync(() => client.Of(1).Count == 3 && client.Of(2).Count == 3, "3 images on each stream");
        await Task.Delay(100);
        Assert.Equal(3, client.Of(2).Count);                  // not again through the node's own subscription
        Assert.Equal(3, received.Count);                       // and the node still gets its images
        Assert.Equal(CdrSerializer.Serialize(received[2]), client.Of(1)[2].Payload);
    }

    [Fact]
    public async Task The_node_services_are_offered_and_called_with_cdr()
    {
        await using var node = await TestServer.StartAsync();
        var calls = new List<string>();
        using var save = node.Tap.AdvertiseService<SaveMapRequest, MapServiceResponse>("/nice_slam/save_map", r =>
        {
            lock (calls) calls.Add(r.Path);
            return new MapServiceResponse(true, $"saved to {r.Path}");
        });
        using var mesh = node.Tap.AdvertiseService<ExportMeshRequest, ExportMeshResponse>("/nice_slam/export_mesh",
            _ => throw new InvalidOperationException("no map yet"));
        await using var client = await TestClient.ConnectAsync(node.Server);
        var services = await TestClient.WaitAsync(() => client.Ops("advertiseServices").Cast<System.Text.Json.JsonElement?>().FirstOrDefault(), "advertiseServices");
        var saveService = services.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "/nice_slam/save_map");
        Assert.Equal("nice_slam_msgs/srv/SaveMap", saveService.GetProperty("type").GetString());
        Assert.Equal("string path\n", saveService.GetProperty("request").GetProperty("schema").GetString());
        Assert.Equal("nice_slam_msgs/srv/SaveMap_Response", saveService.GetProperty("response").GetProperty("schemaName").GetString());
        uint saveId = saveService.GetProperty("id").GetUInt32();
        uint meshId = services.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "/nice_slam/export_mesh").GetProperty("id").GetUInt32();

        await client.SendBinaryAsync(FoxgloveProtocol.ServiceCallFrame(FoxgloveProtocol.ServiceCallRequestOp, saveId, 77, "cdr",
            CdrServiceSerializer.Serialize(new SaveMapRequest("/tmp/a.map"))));
        await client.SendBinaryAsync(FoxgloveProtocol.ServiceCallFrame(FoxgloveProtocol.ServiceCallRequestOp, meshId, 78, "cdr",
            CdrServiceSerializer.Serialize(new ExportMeshRequest("/tmp/a.ply"))));
        await client.SendBinaryAsync(FoxgloveProtocol.ServiceCallFrame(FoxgloveProtocol.ServiceCallRequestOp, 999, 79, "cdr", []));
        var response = await TestClient.WaitAsync(() => client.OtherBinary.Cast<byte[]?>().FirstOrDefault() is { } b ? (ReadOnlyMemory<byte>?)b : null, "the save_map response");
        Assert.Equal(FoxgloveProtocol.ServiceCallResponseOp, response.Span[0]);
        Assert.Equal(saveId, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(response.Span[1..]));
        Assert.Equal(77u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(response.Span[5..]));
        Assert.Equal(3u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(response.Span[9..]));
        Assert.Equal("cdr", System.Text.Encoding.UTF8.GetString(response.Span.Slice(13, 3)));
        Assert.Equal(new MapServiceResponse(true, "saved to /tmp/a.map"), CdrServiceSerializer.Deserialize<MapServiceResponse>(response.Span[16..]));
        Assert.Equal(["/tmp/a.map"], calls);
        await TestClient.WaitUntilAsync(() => client.Ops("serviceCallFailure").Count() == 2, "two failures");
        var failures = client.Ops("serviceCallFailure").ToDictionary(f => f.GetProperty("callId").GetUInt32(), f => f.GetProperty("message").GetString());
        Assert.Contains("no map yet", failures[78]);
        Assert.Contains("999", failures[79]);
    }

    [Fact]
    public async Task Publishing_without_clients_or_subscriptions_sends_and_keeps_nothing_but_latched_messages()
    {
        await using var node = await TestServer.StartAsync();
        var tf = node.Tap.CreatePublisher<TFMessage>("/tf", QosProfile.Tf);
        var received = 0;
        node.Bus.Subscribe<TFMessage>("/tf", QosProfile.Tf, _ => received++);
        for (int i = 0; i < 10; i++) tf.Publish(TestMessages.Tf(i, 0, 0, 0, Quaternion.Identity));
        Assert.Equal(10, received);                         // the transport still delivers everything
        Assert.Equal(0, node.Server.SentMessages);
        Assert.Equal(0, node.Server.DroppedMessages);
    }
}
