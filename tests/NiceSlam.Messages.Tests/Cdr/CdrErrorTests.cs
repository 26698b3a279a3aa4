using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.Tests.Cdr;

/// <summary>Bad input gives a <see cref="CdrException"/> that says where and what.</summary>
public class CdrErrorTests
{
    [Fact]
    public void Truncated_string_bytes_name_the_offset_and_the_counts()
    {
        // Header: 0 sec, 4 nanosec, 8 length 4, 12 'map\0' — cut after 'ma': 2 of the 4 string bytes at offset 12.
        var bytes = Convert.FromHexString("00010000" + "0a000000" + "14000000" + "04000000" + "6d61");
        var ex = Assert.Throws<CdrException>(() => CdrSerializer.Deserialize<Header>(bytes));
        Assert.Equal("CDR ended early at offset 12 reading Header.frame_id (string bytes): needs 4 bytes, 2 left", ex.Message);
    }

    [Fact]
    public void Truncated_string_length_names_the_offset_and_the_counts()
    {
        // Only 2 bytes of the uint32 length at offset 8.
        var bytes = Convert.FromHexString("00010000" + "0a000000" + "14000000" + "0400");
        var ex = Assert.Throws<CdrException>(() => CdrSerializer.Deserialize<Header>(bytes));
        Assert.Equal("CDR ended early at offset 8 reading Header.frame_id (string length): needs 4 bytes, 2 left", ex.Message);
    }

    [Fact]
    public void Truncated_after_padding_reports_the_aligned_offset()
    {
        // PoseStamped with frame "a": string ends at 14, padding to 16, then 56 bytes of pose; give 2 bytes of Point.x.
        var bytes = Convert.FromHexString("00010000" + "01000000" + "00000000" + "02000000" + "6100" + "0000" + "0000");
        var ex = Assert.Throws<CdrException>(() => CdrSerializer.Deserialize<PoseStamped>(bytes));
        Assert.Equal("CDR ended early at offset 16 reading Point.x (float64): needs 8 bytes, 2 left", ex.Message);
    }

    [Fact]
    public void Sequence_count_larger_than_the_data_is_refused_before_allocating()
    {
        // CompressedImage: header 0..16 ('cam'), format "" at 16 (length 1, NUL at 20), pad to 24, data count 0x7fffffff.
        var bytes = Convert.FromHexString("00010000" + "00000000" + "00000000" + "04000000" + "63616d00" + "01000000" + "00000000" + "ffffff7f" + "0102");
        var ex = Assert.Throws<CdrException>(() => CdrSerializer.Deserialize<CompressedImage>(bytes));
        Assert.Equal("CDR ended early at offset 28 reading CompressedImage.data (sequence) of 2147483647 elements: needs 2147483647 bytes, 2 left", ex.Message);
    }

    [Theory]
    [InlineData("0002", "0x0002 (PL_CDR_BE)")]
    [InlineData("0003", "0x0003 (PL_CDR_LE)")]
    [InlineData("0007", "0x0007 (CDR2_LE)")]
    [InlineData("0100", "0x0100 (unknown)")]
    public void Unsupported_representation_id_is_refused_by_name(string id, string named)
    {
        var bytes = Convert.FromHexString(id + "0000" + "01000000" + "02000000");
        var ex = Assert.Throws<CdrException>(() => CdrSerializer.Deserialize<Time>(bytes));
        Assert.Equal($"unsupported CDR representation id {named}: expected 0x0000 (CDR_BE) or 0x0001 (CDR_LE)", ex.Message);
    }

    [Fact]
    public void Options_bytes_are_ignored_and_up_to_3_padding_bytes_tolerated()
    {
        // Header "map" ends at 16; options 00 03 and 3 trailing zero bytes (XCDR1 padding to 4) are accepted.
        var bytes = Convert.FromHexString("00010003" + "0a000000" + "14000000" + "04000000" + "6d617000" + "000000");
        Assert.Equal(new Header(new Time(10, 20), "map"), CdrSerializer.Deserialize<Header>(bytes));
    }

    [Fact]
    public void More_than_3_bytes_left_over_is_refused()
    {
        // A Time (8 bytes) read from a 12-byte payload: 4 left over at offset 8.
        var bytes = Convert.FromHexString("00010000" + "01000000" + "02000000" + "03000000");
        var ex = Assert.Throws<CdrException>(() => CdrSerializer.Deserialize<Time>(bytes));
        Assert.Contains("4 bytes left over at offset 8", ex.Message);
    }

    [Fact]
    public void Shorter_than_the_encapsulation_header_is_refused()
    {
        var ex = Assert.Throws<CdrException>(() => CdrSerializer.Deserialize<Time>(new byte[] { 0, 1 }));
        Assert.Equal("CDR data has 2 bytes; the encapsulation header alone needs 4", ex.Message);
    }

    [Fact]
    public void Unknown_type_name_is_refused()
    {
        var ex = Assert.Throws<CdrException>(() => CdrSerializer.Deserialize("x/msg/Y", new byte[] { 0, 1, 0, 0 }));
        Assert.Equal("no CDR codec for message type 'x/msg/Y'", ex.Message);
        Assert.False(CdrSerializer.IsSupported("x/msg/Y"));
        Assert.True(CdrSerializer.IsSupported("sensor_msgs/msg/Image"));
        Assert.True(CdrSerializer.IsSupported("sensor_msgs/Image"));
        Assert.False(CdrSerializer.IsSupported("sensor_msgs/msg/Imu"));
    }

    [Fact]
    public void Type_without_codec_is_refused()
    {
        var ex = Assert.Throws<CdrException>(() => CdrSerializer.RosTypeName(typeof(string)));
        Assert.Equal("no CDR codec for CLR type System.String", ex.Message);
        Assert.Equal("geometry_msgs/msg/TransformStamped", CdrSerializer.RosTypeName(typeof(TransformStamped)));
    }

    [Fact]
    public void Fixed_array_of_the_wrong_length_is_refused_on_write()
    {
        var info = new CameraInfo { K = new double[4] };
        var ex = Assert.Throws<CdrException>(() => CdrSerializer.Serialize(info));
        Assert.Equal("CameraInfo.k is float64[9]: expected 9 values, found 4", ex.Message);
    }

    [Fact]
    public void String_with_a_nul_is_refused_on_write()
    {
        var ex = Assert.Throws<CdrException>(() => CdrSerializer.Serialize(new Header(default, "a\0b")));
        Assert.Equal("CDR string Header.frame_id contains a NUL character at index 1: CDR strings end at the first NUL", ex.Message);
    }

    [Fact]
    public void Bool_other_than_0_or_1_is_refused()
    {
        // RegionOfInterest: four uint32 at 0..16, do_rectify at 16 = 2.
        var bytes = Convert.FromHexString("00010000" + "00000000" + "00000000" + "00000000" + "00000000" + "02");
        var ex = Assert.Throws<CdrException>(() => CdrSerializer.Deserialize<RegionOfInterest>(bytes));
        Assert.Equal("CDR bool RegionOfInterest.do_rectify at offset 16 is 2: expected 0 or 1", ex.Message);
    }

    [Fact]
    public void String_without_terminating_nul_is_refused()
    {
        // Header with length 3 and bytes 'map' (no NUL) at 12..15.
        var bytes = Convert.FromHexString("00010000" + "00000000" + "00000000" + "03000000" + "6d6170");
        var ex = Assert.Throws<CdrException>(() => CdrSerializer.Deserialize<Header>(bytes));
        Assert.Equal("CDR string Header.frame_id at offset 12 is not NUL-terminated: last of its 3 bytes is 0x70", ex.Message);
    }
}
