using NiceSlam.Messages.Bus;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Node.Input;

namespace NiceSlam.Node.Tests.Input;

/// <summary>The one line that says why no frame is assembled.</summary>
public class InputDiagnosisTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 12, 0, 10, DateTimeKind.Utc);

    private sealed class FixedClock(DateTime at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }

    private static InputActivity Activity() => new("/color", "/depth", "/info", new FixedClock(Now.AddSeconds(-0.5)));

    private static Image Img(string encoding, double stamp) =>
        new() { Header = new Header(Time.FromSeconds(stamp), "cam"), Width = 640, Height = 480, Encoding = encoding };

    [Fact]
    public void Says_which_topics_are_silent_and_which_nobody_publishes()
    {
        var a = Activity();
        a.DepthArrived(Img("16UC1", 10));
        a.DepthArrived(Img("16UC1", 10.033));
        var text = InputDiagnosis.Explain(6.2, a, 0.02, new InputCounters(),
            [new DiscoveredTopic("/depth", "sensor_msgs/msg/Image", 1), new DiscoveredTopic("/camera/color/image_raw", "sensor_msgs/msg/Image", 1),
             new DiscoveredTopic("/camera/color/camera_info", "sensor_msgs/msg/CameraInfo", 1)], Now);
        Assert.StartsWith("no frame assembled for 6 s: ", text);
        Assert.Contains("colour /color: nothing received, and nobody publishes it", text);
        Assert.Contains("depth /depth: 2 received (16UC1 640x480, last 0.5 s ago)", text);
        Assert.Contains("CameraInfo /info: nothing received, and nobody publishes it", text);
        Assert.Contains("stamp skew: n/a", text);
        Assert.Contains("discoverable image topics: /depth, /camera/color/image_raw; CameraInfo topics: /camera/color/camera_info", text);
    }

    [Fact]
    public void Names_a_stamp_skew_beyond_the_pairing_window_and_the_latest_rejection()
    {
        var a = Activity();
        a.ColourArrived(Img("bgr8", 10.25));
        a.DepthArrived(Img("16UC1", 10.0));
        a.CameraInfoArrived(new CameraInfo { Header = new Header(Time.FromSeconds(10), "cam"), Width = 640, Height = 480, DistortionModel = "plumb_bob" });
        var counters = new InputCounters();
        counters.CountRejected(InputRejection.Sync, "3 message(s) discarded unpaired");
        var text = InputDiagnosis.Explain(5, a, 0.02, counters, null, Now);
        Assert.Contains("stamp skew colour-depth +0.250 s, more than sync_max_interval 0.02 s", text);
        Assert.Contains("1 rejected, latest Sync: 3 message(s) discarded unpaired", text);
        Assert.Contains("colour /color: 1 received (bgr8 640x480", text);
        Assert.Contains("topic discovery: not available on this transport", text);
    }

    [Fact]
    public void Tells_a_wrong_type_from_lost_samples_and_an_empty_graph()
    {
        var a = Activity();
        var wrongType = InputDiagnosis.Explain(5, a, 0.02, new InputCounters(),
            [new DiscoveredTopic("/color", "sensor_msgs/msg/CompressedImage", 1), new DiscoveredTopic("/depth", "sensor_msgs/msg/Image", 1)], Now);
        Assert.Contains("colour /color: nothing received, published as sensor_msgs/msg/CompressedImage, not sensor_msgs/msg/Image", wrongType);
        Assert.Contains("depth /depth: nothing received, though it is published", wrongType);
        Assert.Contains("/color (CompressedImage: not supported live)", wrongType);
        var nothing = InputDiagnosis.Explain(5, a, 0.02, new InputCounters(), [], Now);
        Assert.Contains("no Image or CameraInfo topic can be discovered", nothing);
    }
}
