using NiceSlam.Dds;
using NiceSlam.Dds.Ros;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.SensorMsgs;
using Xunit.Abstractions;

namespace NiceSlam.Ros2.Tests;

/// <summary>
/// The DDS half of a lossless bag replay, without the player: a reliable keep-all rclpy publisher publishes faster
/// than the node takes, waits for every acknowledgement and exits, as `ros2 bag play --wait-for-all-acked` does at
/// the end of a bag. The node's replay input (<see cref="QosProfile.ReplayInput"/>: reliable, keep all, at most 4
/// waiting) with a slow handler must hold the publisher's acknowledgements back until it has taken the messages,
/// and get every one of them.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ReplayFlowControlTests(ITestOutputHelper output)
{
    private const int Messages = 30;
    private const double TakeSeconds = 0.1;
    private const string Topic = "/replay_flow/image";

    [Ros2Fact]
    public void A_publisher_waiting_for_acknowledgements_is_held_back_by_a_slow_replay_input_which_gets_every_message()
    {
        int domain = RosProcess.NextDomain();
        int received = 0;
        using var bus = new DdsMessageBus(new DdsBusOptions
        {
            DomainId = (uint)domain,
            CycloneConfig = "file://" + Ros2Install.CycloneConfigFile,               // the ROS 2 processes' loopback settings
            NodeName = "replay_input",
            Distro = RosDistro.Humble,
        });
        using var subscription = bus.Subscribe<Image>(Topic, QosProfile.ReplayInput, _ =>
        {
            Thread.Sleep(TimeSpan.FromSeconds(TakeSeconds));                         // a node busy tracking
            Interlocked.Increment(ref received);
        });
        using var publisher = RosProcess.Start("/usr/bin/python3", ["-c", PublishAndWaitForAcks()], domain);
        Assert.True(publisher.WaitForExit(TimeSpan.FromMinutes(2)), "the publisher did not exit\n" + publisher.Output);
        string log = publisher.Output.Trim();
        int atExit = Volatile.Read(ref received);
        var end = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < end && Volatile.Read(ref received) < Messages) Thread.Sleep(100);
        Thread.Sleep(500);
        int total = Volatile.Read(ref received);
        output.WriteLine($"{log}\nreceived {atExit} when the publisher had exited, {total} of {Messages} in all");

        var acked = System.Text.RegularExpressions.Regex.Match(log, @"acked True after ([0-9.]+) s");
        Assert.True(acked.Success, log);
        // Held back: the acknowledgements came only as the reader took, so at most the few waiting samples (and the one
        // in the handler) were still to be taken when the publisher's wait ended.
        double ackSeconds = double.Parse(acked.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ackSeconds >= (Messages - 10) * TakeSeconds, $"acknowledged after {ackSeconds} s: not held back by the reader");
        Assert.Equal(Messages, total);
    }

    /// <summary>An rclpy script: waits for a subscriber, publishes the messages reliable keep-all at once, waits for
    /// every acknowledgement (as the bag player does before it exits) and exits.</summary>
    private static string PublishAndWaitForAcks() => $$"""
        import time, rclpy
        from rclpy.duration import Duration
        from rclpy.node import Node
        from rclpy.qos import QoSProfile, ReliabilityPolicy, HistoryPolicy
        from sensor_msgs.msg import Image
        rclpy.init()
        n = Node('replay_flow_publisher')
        pub = n.create_publisher(Image, '{{Topic}}', QoSProfile(depth=1, reliability=ReliabilityPolicy.RELIABLE, history=HistoryPolicy.KEEP_ALL))
        end = time.monotonic() + 60
        while pub.get_subscription_count() == 0 and time.monotonic() < end:
            time.sleep(0.05)
        time.sleep(0.5)
        start = time.monotonic()
        for i in range({{Messages}}):
            m = Image()
            m.header.frame_id = str(i)
            m.height, m.width, m.encoding, m.step = 1, 4, 'mono8', 4
            m.data = bytes(4)
            pub.publish(m)
        ok = pub.wait_for_all_acked(Duration(seconds=60))
        print(f'acked {ok} after {time.monotonic() - start:.1f} s', flush=True)
        n.destroy_node()
        rclpy.shutdown()
        """;
}
