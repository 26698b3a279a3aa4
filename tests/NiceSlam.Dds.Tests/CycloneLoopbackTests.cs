using System.Text;
using NiceSlam.Dds.Ros;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;
using NiceSlam.Messages.Tests.Cdr;

namespace NiceSlam.Dds.Tests;

/// <summary>Cyclone DDS to Cyclone DDS on 127.0.0.1: QoS (transient local, best effort), large samples, services
/// framed like rmw_cyclonedds, ros_discovery_info and the participant's USER_DATA on the wire.</summary>
[Trait("Category", "Slow")]
public class CycloneLoopbackTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static TFMessage Tf(double x) => new()
    {
        Transforms = [new TransformStamped
        {
            Header = new Header(Time.FromSeconds(12.5), "map"), ChildFrameId = "cam",
            Transform = new Transform(new Vector3(x, 2, 3), new Quaternion(0, 0, 0, 1)),
        }],
    };

    private static OccupancyGrid Grid(int n) => new()
    {
        Header = new Header(new Time(n, 0), "map"),
        Info = new MapMetaData { Resolution = 0.05f, Width = 2, Height = 1 },
        Data = [(sbyte)n, -1],
    };

    [DdsFact]
    public async Task A_message_crosses_from_one_participant_to_another_unchanged()
    {
        uint domain = LoopbackDomain.Next();
        using var a = new DdsMessageBus(LoopbackDomain.Options(domain, "a"));
        using var b = new DdsMessageBus(LoopbackDomain.Options(domain, "b"));
        var got = new List<TFMessage>();
        using var sub = b.Subscribe<TFMessage>("/tf", QosProfile.Tf, m => { lock (got) got.Add(m); });
        var pub = a.CreatePublisher<TFMessage>("/tf", QosProfile.Tf);
        Assert.True(await LoopbackDomain.WaitAsync(() => { pub.Publish(Tf(1)); lock (got) return got.Count > 0; }, Patience), "nothing arrived");
        lock (got) Assert.Equal(Convert.ToHexString(CdrSerializer.Serialize(Tf(1))), Convert.ToHexString(CdrSerializer.Serialize(got[0])));
    }

    [DdsFact]
    public async Task A_late_subscriber_to_a_transient_local_topic_gets_the_last_map_and_a_volatile_one_does_not()
    {
        uint domain = LoopbackDomain.Next();
        using var a = new DdsMessageBus(LoopbackDomain.Options(domain, "mapper"));
        var pub = a.CreatePublisher<OccupancyGrid>("/map", QosProfile.MapLike);
        for (int i = 1; i <= 3; i++) pub.Publish(Grid(i));

        // Joins after the maps were published, as RViz started later does.
        using var late = new DdsMessageBus(LoopbackDomain.Options(domain, "rviz"));
        var latched = new List<OccupancyGrid>();
        var live = new List<OccupancyGrid>();
        using var s1 = late.Subscribe<OccupancyGrid>("/map", QosProfile.MapLike, m => { lock (latched) latched.Add(m); });
        using var s2 = late.Subscribe<OccupancyGrid>("/map", QosProfile.Default with { Depth = 5 }, m => { lock (live) live.Add(m); });
        Assert.True(await LoopbackDomain.WaitAsync(() => { lock (latched) return latched.Count > 0; }, Patience), "the late transient-local subscriber got nothing");
        await Task.Delay(300);
        lock (latched) Assert.Equal([3], latched.Select(g => (int)g.Data[0]));   // keep last 1: only the newest
        lock (live) Assert.Empty(live);                                           // volatile: nothing from before it joined
        pub.Publish(Grid(4));
        Assert.True(await LoopbackDomain.WaitAsync(() => { lock (live) return live.Count == 1; }, Patience), "the volatile subscriber missed a new map");
        Assert.True(await LoopbackDomain.WaitAsync(() => { lock (latched) return latched.Count == 2; }, Patience));
    }

    [DdsFact]
    public async Task Sensor_QoS_is_best_effort_and_a_reliable_subscription_gets_nothing_from_it()
    {
        uint domain = LoopbackDomain.Next();
        using var camera = new DdsMessageBus(LoopbackDomain.Options(domain, "camera"));
        using var node = new DdsMessageBus(LoopbackDomain.Options(domain, "node"));
        var sensor = new List<Image>();
        var reliable = new List<Image>();
        using var s1 = node.Subscribe<Image>("/image", QosProfile.SensorData, m => { lock (sensor) sensor.Add(m); });
        using var s2 = node.Subscribe<Image>("/image", QosProfile.Default, m => { lock (reliable) reliable.Add(m); });
        var pub = camera.CreatePublisher<Image>("/image", QosProfile.SensorData);
        // A 640x480 rgb8 image: 900 kB in UDP fragments, reassembled by Cyclone for the best-effort reader.
        var data = new byte[640 * 480 * 3];
        new Random(3).NextBytes(data);
        var image = new Image { Header = new Header(new Time(1, 2), "cam"), Width = 640, Height = 480, Encoding = "rgb8", Step = 640 * 3, Data = data };
        Assert.True(await LoopbackDomain.WaitAsync(() => { pub.Publish(image); lock (sensor) return sensor.Count >= 3; }, Patience), "no image arrived");
        lock (sensor) Assert.Equal(data, sensor[0].Data);
        lock (reliable) Assert.Empty(reliable);      // ROS 2's rule: reliable readers do not match best-effort writers
        Assert.Equal(0, node.MalformedSamples);
    }

    [DdsFact]
    public async Task Services_answer_rmw_cyclonedds_framed_requests_each_client_its_own()
    {
        uint domain = LoopbackDomain.Next();
        using var server = new DdsMessageBus(LoopbackDomain.Options(domain, "nice_slam"));
        var saved = new List<string>();
        int resets = 0;
        using var save = server.AdvertiseService<SaveMapRequest, MapServiceResponse>("/nice_slam/save_map",
            r => { lock (saved) saved.Add(r.Path); return new MapServiceResponse(true, "wrote " + r.Path); });
        using var reset = server.AdvertiseService<ResetMapRequest, MapServiceResponse>("/nice_slam/reset",
            _ => Interlocked.Increment(ref resets) == 2 ? throw new InvalidOperationException("busy") : new MapServiceResponse(true, "reset"));

        using var a = new DdsMessageBus(LoopbackDomain.Options(domain, "client_a"));
        using var b = new DdsMessageBus(LoopbackDomain.Options(domain, "client_b"));
        using var saveA = a.CreateClient<SaveMapRequest, MapServiceResponse>("/nice_slam/save_map");
        using var saveB = b.CreateClient<SaveMapRequest, MapServiceResponse>("/nice_slam/save_map");
        using var resetA = a.CreateClient<ResetMapRequest, MapServiceResponse>("/nice_slam/reset");
        // Both clients call at once: each gets the answer to its own request.
        var answers = await Task.WhenAll(
            saveA.CallAsync(new SaveMapRequest("a.map"), Patience), saveB.CallAsync(new SaveMapRequest("b.map"), Patience),
            saveA.CallAsync(new SaveMapRequest("a2.map"), Patience));
        Assert.Equal(["wrote a.map", "wrote b.map", "wrote a2.map"], answers.Select(r => r.Message));
        lock (saved) Assert.Equal(["a.map", "a2.map", "b.map"], saved.Order());
        Assert.Equal(new MapServiceResponse(true, "reset"), await resetA.CallAsync(new ResetMapRequest(), Patience));
        // A handler that throws is answered, not left hanging: success false and the reason.
        Assert.Equal(new MapServiceResponse(false, "busy"), await resetA.CallAsync(new ResetMapRequest(), Patience));

        // On the wire: rmw_cyclonedds' topics and types, and the ids in USER_DATA that pair a client's endpoints.
        var endpoints = a.Participant.Publications().Concat(a.Participant.Subscriptions()).ToList();
        var request = Assert.Single(endpoints, e => e.Topic == "rq/nice_slam/save_mapRequest" && e.UserData.StartsWith("serviceid=", StringComparison.Ordinal));
        Assert.Equal("nice_slam_msgs::srv::dds_::SaveMap_Request_", request.Type);
        var reply = Assert.Single(endpoints, e => e.Topic == "rr/nice_slam/save_mapReply" && e.UserData.StartsWith("serviceid=", StringComparison.Ordinal));
        Assert.Equal("nice_slam_msgs::srv::dds_::SaveMap_Response_", reply.Type);
        Assert.Equal(request.UserData, reply.UserData);
        Assert.Matches(@"^serviceid= ?[0-9a-f]{1,2}(\.[0-9a-f]{1,2}){15};$", request.UserData);
        Assert.Equal(4, endpoints.Count(e => e.Topic.EndsWith("save_mapRequest") && e.UserData.StartsWith("clientid=", StringComparison.Ordinal)) +
                        endpoints.Count(e => e.Topic.EndsWith("save_mapReply") && e.UserData.StartsWith("clientid=", StringComparison.Ordinal)));
    }

    [DdsFact]
    public async Task The_raw_request_on_the_wire_has_the_16_byte_header_after_the_CDR_header()
    {
        uint domain = LoopbackDomain.Next();
        // A hand-made "service": a request reader and a reply writer of rmw_cyclonedds' names and types.
        using var spy = new DdsParticipant(domain, CycloneConfig.Loopback());
        using var requests = spy.CreateReader("rq/nice_slam/save_mapRequest", "nice_slam_msgs::srv::dds_::SaveMap_Request_", DdsQos.Services());
        using var replies = spy.CreateWriter("rr/nice_slam/save_mapReply", "nice_slam_msgs::srv::dds_::SaveMap_Response_", DdsQos.Services());
        using var client = new DdsMessageBus(LoopbackDomain.Options(domain, "client"));
        using var save = client.CreateClient<SaveMapRequest, MapServiceResponse>("/nice_slam/save_map");
        var call = save.CallAsync(new SaveMapRequest("x"), Patience);
        byte[]? raw = null;
        Assert.True(await LoopbackDomain.WaitAsync(() => { requests.TakeAll((cdr, _) => raw = cdr.ToArray()); return raw is not null; }, Patience));
        ulong writerId = BitConverter.ToUInt64(raw!, 4);
        var expected = HandBytes.Le()
            .At(0).Hex(Convert.ToHexString(BitConverter.GetBytes(writerId)))  // the client's request writer
            .At(8).Hex("0100000000000000")                                   // sequence number 1
            .At(16).U32(2).Chars("x")                                        // SaveMap_Request.path
            .At(22).Pad(2).ToArray();                                        // Cyclone pads samples to 4
        Assert.NotEqual(0ul, writerId);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(raw!));
        // Answer by hand: the same header, then a response; the client takes it as the answer to its call.
        var answer = new RequestHeader(writerId, 1).Frame(CdrServiceSerializer.Serialize(new MapServiceResponse(true, "by hand")));
        replies.Write(answer);
        Assert.Equal(new MapServiceResponse(true, "by hand"), await call);
    }

    [DdsFact]
    public async Task The_bus_announces_its_node_in_ros_discovery_info_and_its_enclave_in_USER_DATA()
    {
        foreach (var distro in new[] { RosDistro.Humble, RosDistro.Jazzy })
        {
            uint domain = LoopbackDomain.Next();
            using var node = new DdsMessageBus(LoopbackDomain.Options(domain, "nice_slam", distro) with { NodeNamespace = "/robot" });
            var pub = node.CreatePublisher<TFMessage>("/tf", QosProfile.Tf);
            using var sub = node.Subscribe<Image>("/image", QosProfile.SensorData, _ => { });

            // What `ros2 node list` reads: a late, transient-local reader still gets the current state.
            using var observer = new DdsParticipant(domain, CycloneConfig.Loopback());
            using var reader = observer.CreateReader(ParticipantEntitiesInfo.DdsTopic, ParticipantEntitiesInfo.DdsTypeName, ParticipantEntitiesInfo.ReaderQos);
            ParticipantEntitiesInfo? info = null;
            Assert.True(await LoopbackDomain.WaitAsync(() =>
            {
                reader.TakeAll((cdr, _) => info = ParticipantEntitiesInfo.Deserialize(cdr, distro));
                return info is not null;
            }, Patience), $"no ros_discovery_info ({distro})");
            Assert.Equal(ParticipantEntitiesInfo.GidOf(node.Participant.Guid, distro), info!.Gid);
            var entry = Assert.Single(info.Nodes);
            Assert.Equal(("/robot", "nice_slam"), (entry.NodeNamespace, entry.NodeName));
            var tfWriter = node.Participant.Publications().Where(p => p.Topic == "rt/tf").ToList();
            Assert.Single(tfWriter);
            Assert.Single(entry.WriterGids);
            Assert.Single(entry.ReaderGids);
            Assert.All(entry.WriterGids.Concat(entry.ReaderGids), g => Assert.Equal(distro.GidSize(), g.Length));
            Assert.Equal(node.Participant.Guid[..12], entry.WriterGids[0][..12]);   // same participant prefix

            sub.Dispose();    // an entity gone is announced too
            Assert.True(await LoopbackDomain.WaitAsync(() =>
            {
                reader.TakeAll((cdr, _) => info = ParticipantEntitiesInfo.Deserialize(cdr, distro));
                return info.Nodes[0].ReaderGids.Count == 0;
            }, Patience), "the removed subscription stayed in ros_discovery_info");

            var participant = Assert.Single(observer.Participants(), p => p.Guid == Convert.ToHexString(node.Participant.Guid).ToLowerInvariant());
            Assert.Equal("enclave=/;", participant.UserData);
            _ = pub;
        }
    }

    [DdsFact]
    public async Task Under_use_sim_time_the_bus_clock_follows_clock()
    {
        uint domain = LoopbackDomain.Next();
        using var node = new DdsMessageBus(LoopbackDomain.Options(domain, "node") with { UseSimTime = true });
        Assert.Equal(default, node.Now());   // zero before the first /clock, as rclcpp
        using var player = new DdsParticipant(domain, CycloneConfig.Loopback());
        using var clock = player.CreateWriter("rt/clock", "rosgraph_msgs::msg::dds_::Clock_", new DdsQos(false, false, 1));
        var w = new CdrWriter();
        w.WriteInt32(1234);
        w.WriteUInt32(500_000_000);
        byte[] sample = w.ToArray();
        Assert.True(await LoopbackDomain.WaitAsync(() => { clock.Write(sample); return node.Now() == new Time(1234, 500_000_000); }, Patience));
    }

    [DdsFact]
    public async Task A_sample_that_is_not_the_topic_type_is_counted_and_reported_not_thrown()
    {
        uint domain = LoopbackDomain.Next();
        var errors = new List<string>();
        using var node = new DdsMessageBus(LoopbackDomain.Options(domain, "node") with { OnError = (what, _) => { lock (errors) errors.Add(what); } });
        var got = 0;
        using var sub = node.Subscribe<TFMessage>("/tf", QosProfile.Tf, _ => Interlocked.Increment(ref got));
        using var other = new DdsParticipant(domain, CycloneConfig.Loopback());
        using var writer = other.CreateWriter("rt/tf", "tf2_msgs::msg::dds_::TFMessage_", new DdsQos(true, false, 100));
        byte[] garbage = [0, 1, 0, 0, 0xff, 0xff, 0xff, 0x7f];   // a sequence of 2^31 transforms in 4 bytes
        Assert.True(await LoopbackDomain.WaitAsync(() => { writer.Write(garbage); return node.MalformedSamples > 0; }, Patience));
        Assert.Equal(0, got);
        lock (errors) Assert.Contains(errors, e => e.Contains("/tf", StringComparison.Ordinal));
    }
}
