using NiceSlam.Messages.Cdr;

namespace NiceSlam.Messages.Tests.Cdr;

/// <summary>Every supported type serializes and deserializes back equal field by field, in both byte orders.</summary>
public class CdrRoundTripTests
{
    public static TheoryData<string> TypeNames()
    {
        var data = new TheoryData<string>();
        foreach (var sample in CdrSamples.All()) data.Add(CdrSerializer.RosTypeName(sample.GetType()));
        return data;
    }

    private static object SampleOf(string rosTypeName) =>
        CdrSamples.All().Single(s => CdrSerializer.RosTypeName(s.GetType()) == rosTypeName);

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Round_trip_is_equal_field_by_field(string rosTypeName)
    {
        var sample = SampleOf(rosTypeName);
        foreach (bool bigEndian in new[] { false, true })
        {
            byte[] bytes = CdrSerializer.Serialize<object>(sample, bigEndian);
            Assert.Equal(bigEndian ? 0x00 : 0x01, bytes[1]);
            var back = CdrSerializer.Deserialize(rosTypeName, bytes);
            Assert.IsType(sample.GetType(), back);
            MessageAssert.Equal(sample, back);
        }
    }

    [Fact]
    public void Every_supported_type_has_a_sample()
    {
        var sampled = CdrSamples.All().Select(s => CdrSerializer.RosTypeName(s.GetType())).Order().ToArray();
        Assert.Equal(CdrSerializer.SupportedTypes.Order().ToArray(), sampled);
        // The 25 types of the task plus std_msgs/ColorRGBA and geometry_msgs/Twist.
        Assert.Equal(27, sampled.Length);
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Every_truncation_throws_a_CdrException(string rosTypeName)
    {
        byte[] bytes = CdrSerializer.Serialize<object>(SampleOf(rosTypeName));
        for (int length = 0; length < bytes.Length; length++)
        {
            var ex = Assert.Throws<CdrException>(() => CdrSerializer.Deserialize(rosTypeName, bytes.AsSpan(0, length)));
            if (length >= 4) Assert.StartsWith("CDR ended early at offset ", ex.Message);
        }
    }

    [Fact]
    public void Big_and_little_endian_differ_only_in_byte_order()
    {
        // Header(1, 2, "ab"): LE 01000000 02000000 03000000 616200, BE 00000001 00000002 00000003 616200.
        var h = new NiceSlam.Messages.StdMsgs.Header(new NiceSlam.Messages.StdMsgs.Time(1, 2), "ab");
        Assert.Equal("00010000" + "01000000" + "02000000" + "03000000" + "616200", Convert.ToHexString(CdrSerializer.Serialize(h)));
        Assert.Equal("00000000" + "00000001" + "00000002" + "00000003" + "616200", Convert.ToHexString(CdrSerializer.Serialize(h, bigEndian: true)));
    }
}
