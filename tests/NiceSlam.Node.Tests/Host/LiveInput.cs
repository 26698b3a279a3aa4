using NiceSlam.Core.Frames;
using NiceSlam.Data.Synthetic;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Node.Sources;

namespace NiceSlam.Node.Tests.Host;

/// <summary>Plays the part of a camera driver on the node's default topics: synthetic 80x60 frames restamped at
/// will, and hand-broken variants of them.</summary>
internal sealed class LiveInput
{
    private readonly IPublisher<Image> colour, depth;
    private readonly IPublisher<CameraInfo> info;
    private readonly SyntheticSequence synthetic = new(new SyntheticSequenceOptions { Width = 80, Height = 60, FrameCount = 40 });

    public LiveInput(IMessageBus bus)
    {
        var o = new NodeOptions();
        colour = bus.CreatePublisher<Image>(o.ColorTopic, QosProfile.SensorData);
        depth = bus.CreatePublisher<Image>(o.DepthTopic, QosProfile.SensorData);
        info = bus.CreatePublisher<CameraInfo>(o.CameraInfoTopic, QosProfile.SensorData);
    }

    public RgbdFrame Frame(int i) => synthetic.ReadFrame(i % synthetic.Count);

    public static Header HeaderAt(double seconds) => new(Time.FromSeconds(seconds), "camera_color_optical_frame");

    public void Info(double seconds) => info.Publish(FrameMessages.Info(synthetic.Intrinsics, HeaderAt(seconds)));

    /// <summary>Frame <paramref name="i"/> of the sequence, stamped <paramref name="seconds"/>, colour then depth.</summary>
    public void Good(int i, double seconds)
    {
        var frame = Frame(i);
        colour.Publish(FrameMessages.Colour(frame, HeaderAt(seconds)));
        depth.Publish(FrameMessages.Depth(frame, HeaderAt(seconds)));
    }

    public void Pair(Image c, Image d)
    {
        colour.Publish(c);
        depth.Publish(d);
    }
}
