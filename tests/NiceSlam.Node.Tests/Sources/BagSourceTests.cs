using NiceSlam.Bags;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Node.Sources;

namespace NiceSlam.Node.Tests.Sources;

public class BagSourceTests
{
    [Fact]
    public void AMessageThatDoesNotDecodeStopsTheReplayNamingBagTopicAndTime()
    {
        string folder = Path.Combine(Path.GetTempPath(), "niceslam-bagsource-" + Guid.NewGuid().ToString("N"), "corrupt");
        var topics = TopicNames.From(new NodeOptions());
        try
        {
            var stamp = new Time(5, 0);
            var header = new Header(stamp, "camera");
            using (var bag = BagFolder.Create(folder, BagStorage.Mcap))
            using (var writer = new MessageBagWriter(bag))
            {
                writer.Write(topics.CameraInfo, stamp, new CameraInfo { Header = header, Width = 2, Height = 1, K = [1, 0, 1, 0, 1, 0.5, 0, 0, 1], R = [1, 0, 0, 0, 1, 0, 0, 0, 1], P = new double[12] });
                writer.Write(topics.Depth, stamp, new Image { Header = header, Width = 2, Height = 1, Encoding = "32FC1", Step = 8, Data = new byte[8] });
                writer.Write(topics.Colour, stamp, new Image { Header = header, Width = 2, Height = 1, Encoding = "rgb8", Step = 6, Data = new byte[6] });
                bag.Write(topics.Colour, 6_000_000_000, [0, 1, 0, 0, 7]);   // a CDR header and a cut-off Header
            }
            using var source = BagSource.Open(folder, topics);
            var e = Assert.Throws<InvalidDataException>(() => source.Messages().ToList());
            Assert.Contains("bag corrupt", e.Message);
            Assert.Contains($"topic {topics.Colour}", e.Message);
            Assert.Contains("6000000000 ns", e.Message);
            Assert.Contains("CDR ended early", e.Message);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }
}
