using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.Tests.Cdr;

/// <summary>Hand-worked CDR vectors for sensor_msgs (payload offsets after the 4-byte header).</summary>
public class SensorVectorTests
{
    [Fact]
    public void Image_pads_after_is_bigendian_uint8()
    {
        var msg = new Image
        {
            Header = new Header(new Time(7, 8), "cam"),
            Height = 2, Width = 2, Encoding = "mono8", IsBigEndian = 0, Step = 2, Data = [1, 2, 3, 4],
        };
        var expected = HandBytes.Le()
            .I32(7).U32(8).U32(4).Chars("cam") // offset 0..16: header ('cam\0' at 12)
            .At(16).U32(2)                     // offset 16: height
            .At(20).U32(2)                     // offset 20: width
            .At(24).U32(6).Chars("mono8")      // offset 24: length 6, bytes 28..34
            .At(34).U8(0)                      // offset 34: is_bigendian (uint8, no alignment)
            .Pad(1)                            // offset 35: pad to 36
            .At(36).U32(2)                     // offset 36: step
            .At(40).U32(4).Hex("01020304")     // offset 40: data count 4, bytes 44..48
            .At(48).ToArray();
        Vector.Check(msg, expected);
    }

    [Fact]
    public void CompressedImage_is_header_format_data()
    {
        var msg = new CompressedImage { Header = new Header(new Time(1, 2), "cam"), Format = "png", Data = [0x89, 0x50, 0x4e] };
        var expected = HandBytes.Le()
            .I32(1).U32(2).U32(4).Chars("cam") // offset 0..16: header
            .At(16).U32(4).Chars("png")        // offset 16: length 4, bytes 20..24
            .At(24).U32(3).Hex("89504e")       // offset 24: count 3, bytes 28..31
            .At(31).ToArray();
        Vector.Check(msg, expected);
    }

    [Fact]
    public void CameraInfo_d_is_a_sequence_and_k_r_p_fixed_arrays()
    {
        double[] d = [0.1, -0.2, 0.001, 0.002, 0.05];
        double[] k = [500, 0, 320, 0, 505, 240, 0, 0, 1];
        double[] r = [1, 0, 0, 0, 1, 0, 0, 0, 1];
        double[] p = [500, 0, 320, 0, 0, 505, 240, 0, 0, 0, 1, 0];
        var msg = new CameraInfo
        {
            Header = new Header(new Time(3, 4), "cam"), Height = 480, Width = 640, DistortionModel = "plumb_bob",
            D = d, K = k, R = r, P = p, BinningX = 1, BinningY = 2, Roi = new RegionOfInterest(10, 20, 30, 40, true),
        };
        var expected = HandBytes.Le()
            .I32(3).U32(4).U32(4).Chars("cam") // offset 0..16: header
            .At(16).U32(480).U32(640)          // offset 16: height, 20: width
            .At(24).U32(10).Chars("plumb_bob") // offset 24: length 10, bytes 28..38
            .Pad(2)                            // offset 38: pad to 40 for the sequence count
            .At(40).U32(5)                     // offset 40: d count 5
            .Pad(4)                            // offset 44: pad to 48 for float64
            .At(48).F64(d)                     // offset 48..88: d
            .At(88).F64(k)                     // offset 88..160: k (no count)
            .At(160).F64(r)                    // offset 160..232: r
            .At(232).F64(p)                    // offset 232..328: p
            .At(328).U32(1).U32(2)             // offset 328: binning_x, 332: binning_y
            .At(336).U32(10).U32(20).U32(30).U32(40).U8(1) // offset 336..352: roi uint32s, 352: do_rectify
            .At(353).ToArray();
        Vector.Check(msg, expected);
    }

    [Fact]
    public void RegionOfInterest_is_four_uint32_and_a_bool()
    {
        // offsets 0, 4, 8, 12: x_offset, y_offset, height, width; offset 16: do_rectify = 0.
        Vector.Check(new RegionOfInterest(1, 2, 3, 4, false),
            Convert.FromHexString("00010000" + "01000000" + "02000000" + "03000000" + "04000000" + "00"));
    }

    [Fact]
    public void PointField_pads_around_the_uint8_datatype()
    {
        var expected = HandBytes.Le()
            .U32(2).Chars("x")  // offset 0: length 2, bytes 4..6
            .Pad(2)             // offset 6: pad to 8
            .At(8).U32(4)       // offset 8: offset = 4
            .At(12).U8(7)       // offset 12: datatype FLOAT32
            .Pad(3)             // offset 13: pad to 16
            .At(16).U32(1)      // offset 16: count
            .At(20).ToArray();
        Vector.Check(new PointField("x", 4, PointField.Float32, 1), expected);
    }

    [Fact]
    public void PointCloud2_with_one_field_and_one_point()
    {
        var msg = new PointCloud2
        {
            Header = new Header(new Time(1, 2), "a"), Height = 1, Width = 1,
            Fields = [new PointField("x", 0, PointField.Float32, 1)],
            IsBigEndian = false, PointStep = 4, RowStep = 4, Data = [0x00, 0x00, 0x80, 0x3f], IsDense = true,
        };
        var expected = HandBytes.Le()
            .I32(1).U32(2).U32(2).Chars("a")   // offset 0..14: header
            .Pad(2)                            // offset 14: pad to 16
            .At(16).U32(1).U32(1)              // offset 16: height, 20: width
            .At(24).U32(1)                     // offset 24: fields count 1
            .At(28).U32(2).Chars("x").Pad(2)   // offset 28: name length 2, bytes 32..34, pad to 36
            .At(36).U32(0)                     // offset 36: field offset 0
            .At(40).U8(7).Pad(3)               // offset 40: datatype, pad to 44
            .At(44).U32(1)                     // offset 44: count
            .At(48).U8(0).Pad(3)               // offset 48: is_bigendian, pad to 52
            .At(52).U32(4).U32(4)              // offset 52: point_step, 56: row_step
            .At(60).U32(4).Hex("0000803f")     // offset 60: data count 4, bytes 64..68
            .At(68).U8(1)                      // offset 68: is_dense
            .At(69).ToArray();
        Vector.Check(msg, expected);
    }
}
