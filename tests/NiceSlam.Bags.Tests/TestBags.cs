namespace NiceSlam.Bags.Tests;

/// <summary>Small bags with known content for the tests.</summary>
internal static class TestBags
{
    public const string StringType = "std_msgs/msg/String";
    public const string StringSchema = "string data";
    public const string ImuType = "sensor_msgs/msg/Imu";

    /// <summary>Two topics written out of time order, with a tie between topics at 15 ns.</summary>
    public static readonly (string Topic, long Time, byte[] Data)[] Interleaved =
    [
        ("/a", 30, [1, 1]),
        ("/b", 15, [2]),
        ("/a", 10, [3, 3, 3]),
        ("/a", 15, [4]),
        ("/b", 40, []),
        ("/a", 20, [5, 5, 5, 5, 5]),
    ];

    /// <summary>
    /// <see cref="Interleaved"/> sorted by time by hand, equal times in file order:
    /// 10 (/a 3,3,3), 15 (/b 2, written before /a 4), 15 (/a 4), 20 (/a 5…), 30 (/a 1,1), 40 (/b empty).
    /// </summary>
    public static readonly (string Topic, long Time, byte[] Data)[] InterleavedByTime =
    [
        ("/a", 10, [3, 3, 3]),
        ("/b", 15, [2]),
        ("/a", 15, [4]),
        ("/a", 20, [5, 5, 5, 5, 5]),
        ("/a", 30, [1, 1]),
        ("/b", 40, []),
    ];

    public static void WriteInterleaved(IBagWriter writer)
    {
        writer.AddTopic("/a", StringType, StringSchema);
        writer.AddTopic("/b", ImuType, "std_msgs/Header header\n");
        foreach (var (topic, time, data) in Interleaved) writer.Write(topic, time, data);
    }

    public static void AssertMessages((string Topic, long Time, byte[] Data)[] expected, IEnumerable<BagMessage> actual)
    {
        var list = actual.ToList();
        Assert.Equal(expected.Length, list.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Topic, list[i].Topic);
            Assert.Equal(expected[i].Time, list[i].LogTimeNs);
            Assert.Equal(expected[i].Data, list[i].Data);
        }
    }
}
