using System.Diagnostics;
using System.Text.Json;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.Tf2Msgs;
using NiceSlam.Messages.VisualizationMsgs;

namespace NiceSlam.Foxglove.Tests;

/// <summary>The server against Foxglove's own client libraries: every channel the node has is subscribed and decoded
/// with the schema the server advertised, as Foxglove and Lichtblick do it.</summary>
public class EcosystemClientTests
{
    [NpmClientFact]
    public async Task The_foxglove_client_decodes_every_output_and_camera_stream_with_the_advertised_schemas()
    {
        await NpmClient.EnsureInstalledAsync();
        await using var node = await TestServer.StartAsync();
        var tf = node.Tap.CreatePublisher<TFMessage>("/tf", QosProfile.Tf);
        var tfStatic = node.Tap.CreatePublisher<TFMessage>("/tf_static", QosProfile.TfStatic);
        var path = node.Tap.CreatePublisher<Messages.NavMsgs.Path>("/nice_slam/path", QosProfile.MapLike);
        var odometry = node.Tap.CreatePublisher<Odometry>("/nice_slam/odometry", QosProfile.Default);
        var cloud = node.Tap.CreatePublisher<PointCloud2>("/nice_slam/map_cloud", QosProfile.MapLike);
        var occupancy = node.Tap.CreatePublisher<OccupancyGrid>("/nice_slam/occupancy", QosProfile.MapLike);
        var mesh = node.Tap.CreatePublisher<Marker>("/nice_slam/mesh", QosProfile.MapLike);
        var status = node.Tap.CreatePublisher<SlamStatus>("/nice_slam/status", QosProfile.Default);
        node.Tap.Subscribe<Image>("/camera/camera/color/image_raw", QosProfile.SensorData, _ => { });
        var camera = node.Bus.CreatePublisher<Image>("/camera/camera/color/image_raw", QosProfile.SensorData);   // a camera driver elsewhere
        string[] topics = ["/tf", "/tf_static", "/nice_slam/path", "/nice_slam/odometry", "/nice_slam/map_cloud", "/nice_slam/occupancy",
            "/nice_slam/mesh", "/nice_slam/status", "/camera/camera/color/image_raw"];

        // Published before the client comes: latched, so it still gets them.
        const int cloudPoints = 1234;
        cloud.Publish(TestMessages.Cloud(cloudPoints));
        tfStatic.Publish(new TFMessage { Transforms = [new TransformStamped { Header = TestMessages.At(0, "base_link"), ChildFrameId = "camera_link", Transform = new Transform(new Vector3(0, 0, 0.2), Quaternion.Identity) }] });

        var lines = new List<string>();
        var errors = new List<string>();
        using var client = NpmClient.Start([$"ws://127.0.0.1:{node.Server.Port}", "--until", string.Join(",", topics), "--timeout", "30"],
            l => { lock (lines) lines.Add(l); }, l => { lock (errors) errors.Add(l); });
        try
        {
            await TestClient.WaitUntilAsync(() => node.Server.Channels.All(c => c.Subscribers == 1) || client.HasExited, "the client's subscriptions", 30);
            var publishedTf = new Dictionary<long, TFMessage>();
            for (int i = 0; !client.HasExited && i < 600; i++)
            {
                var rotation = new Quaternion(0.1 * Math.Sin(i), 0.2, -0.1, 1);
                double norm = Math.Sqrt(rotation.X * rotation.X + rotation.Y * rotation.Y + rotation.Z * rotation.Z + rotation.W * rotation.W);
                var message = TestMessages.Tf(100 + i * 0.1, 0.5 + i * 0.01, -1.25, 1.5 - i * 0.001,
                    new Quaternion(rotation.X / norm, rotation.Y / norm, rotation.Z / norm, rotation.W / norm));
                publishedTf[message.Transforms[0].Header.Stamp.TotalNanoseconds] = message;
                tf.Publish(message);
                odometry.Publish(TestMessages.Odometry(100 + i * 0.1, i));
                status.Publish(TestMessages.Status((ulong)i));
                path.Publish(TestMessages.Path(i + 1));
                occupancy.Publish(TestMessages.Grid(7, 5));
                mesh.Publish(TestMessages.Mesh(11));
                camera.Publish(TestMessages.Colour(100 + i * 0.1));
                await Task.Delay(50);
            }
            Assert.True(client.WaitForExit(TimeSpan.FromSeconds(30)), "the client did not finish");
            string output;
            lock (lines) output = string.Join('\n', lines);
            Assert.True(client.ExitCode == 0, $"client exit {client.ExitCode}:\n{output}\n{string.Join('\n', errors)}");

            var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var advertised = events.Where(e => e.GetProperty("event").GetString() == "advertise")
                .SelectMany(e => e.GetProperty("channels").EnumerateArray()).ToList();
            Assert.Equal(topics.Order(), advertised.Select(c => c.GetProperty("topic").GetString()!).Order());
            var messages = events.Where(e => e.GetProperty("event").GetString() == "message")
                .ToLookup(e => e.GetProperty("topic").GetString()!, e => e.GetProperty("message"));
            Assert.All(topics, t => Assert.NotEmpty(messages[t]));

            // tf: the poses Foxglove decodes are the ones the node published.
            foreach (var m in messages["/tf"])
            {
                var t = m.GetProperty("transforms")[0];
                var stamp = t.GetProperty("header").GetProperty("stamp");
                long ns = stamp.GetProperty("sec").GetInt64() * 1_000_000_000L + stamp.GetProperty("nanosec").GetInt64();
                var sent = publishedTf[ns].Transforms[0];
                Assert.Equal(sent.ChildFrameId, t.GetProperty("child_frame_id").GetString());
                Assert.Equal(sent.Header.FrameId, t.GetProperty("header").GetProperty("frame_id").GetString());
                var translation = t.GetProperty("transform").GetProperty("translation");
                var rotation = t.GetProperty("transform").GetProperty("rotation");
                Assert.Equal([sent.Transform.Translation.X, sent.Transform.Translation.Y, sent.Transform.Translation.Z],
                    [translation.GetProperty("x").GetDouble(), translation.GetProperty("y").GetDouble(), translation.GetProperty("z").GetDouble()]);
                Assert.Equal([sent.Transform.Rotation.X, sent.Transform.Rotation.Y, sent.Transform.Rotation.Z, sent.Transform.Rotation.W],
                    [rotation.GetProperty("x").GetDouble(), rotation.GetProperty("y").GetDouble(), rotation.GetProperty("z").GetDouble(), rotation.GetProperty("w").GetDouble()]);
            }
            Assert.Equal(0.2, messages["/tf_static"].Single().GetProperty("transforms")[0].GetProperty("transform").GetProperty("translation").GetProperty("z").GetDouble());

            // The cloud: as many points as published, four float32 fields of 16-byte points.
            var decodedCloud = messages["/nice_slam/map_cloud"].First();
            Assert.Equal(cloudPoints, decodedCloud.GetProperty("width").GetInt32() * decodedCloud.GetProperty("height").GetInt32());
            Assert.Equal(cloudPoints * 16, decodedCloud.GetProperty("data").GetProperty("length").GetInt32());
            Assert.Equal(["x", "y", "z", "rgb"], decodedCloud.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));

            var grid = messages["/nice_slam/occupancy"].First();
            Assert.Equal(7u, grid.GetProperty("info").GetProperty("width").GetUInt32());
            Assert.Equal(35, grid.GetProperty("data").GetProperty("length").GetInt32());
            var marker = messages["/nice_slam/mesh"].First();
            Assert.Equal(Marker.TypeTriangleList, marker.GetProperty("type").GetInt32());
            Assert.Equal(33, marker.GetProperty("points").GetArrayLength());
            Assert.Equal(33, marker.GetProperty("colors").GetArrayLength());
            var odometryX = messages["/nice_slam/odometry"].Select(o => o.GetProperty("pose").GetProperty("pose").GetProperty("position").GetProperty("x").GetDouble()).ToList();
            Assert.Equal(odometryX.Order(), odometryX);
            Assert.Equal("cpu", messages["/nice_slam/status"].First().GetProperty("device").GetString());
            var image = messages["/camera/camera/color/image_raw"].First();
            Assert.Equal("rgb8", image.GetProperty("encoding").GetString());
            Assert.Equal(36, image.GetProperty("data").GetProperty("length").GetInt32());
            Assert.Equal(0, node.Server.RejectedClientMessages);
        }
        finally
        {
            if (!client.HasExited) client.Kill(entireProcessTree: true);
        }
    }
}
