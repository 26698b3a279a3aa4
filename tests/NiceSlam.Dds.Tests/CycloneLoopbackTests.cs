using NiceSlam.Messages.Bus;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;

namespace NiceSlam.Dds.Tests;

public class CycloneLoopbackTests
{
    [Fact]
    public async Task A_message_crosses_from_one_participant_to_another()
    {
        uint domain = LoopbackDomain.Next();
        using var a = new DdsMessageBus(LoopbackDomain.Options(domain, "a"));
        using var b = new DdsMessageBus(LoopbackDomain.Options(domain, "b"));
        var got = new List<TFMessage>();
        using var sub = b.Subscribe<TFMessage>("/tf", QosProfile.Tf, m => { lock (got) got.Add(m); });
        var pub = a.CreatePublisher<TFMessage>("/tf", QosProfile.Tf);
        var message = new TFMessage
        {
            Transforms = [new TransformStamped
            {
                Header = new Header(Time.FromSeconds(12.5), "map"), ChildFrameId = "cam",
                Transform = new Transform(new Vector3(1, 2, 3), new Quaternion(0, 0, 0, 1)),
            }],
        };
        Assert.True(await LoopbackDomain.WaitAsync(() =>
        {
            pub.Publish(message);
            lock (got) return got.Count > 0;
        }, TimeSpan.FromSeconds(10)), "nothing arrived");
        lock (got) Assert.Equal(message.Transforms[0].Transform.Translation, got[0].Transforms[0].Transform.Translation);
    }
}
