using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.Tests.Cdr;

/// <summary>Hand-worked CDR vectors for geometry_msgs. float64 bit patterns: 1.0 = 0x3ff0000000000000,
/// 2.0 = 0x4000000000000000, 3.0 = 0x4008000000000000, 0.5 = 0x3fe0000000000000, -1.0 = 0xbff0000000000000
/// (little-endian on the wire: bytes reversed).</summary>
public class GeometryVectorTests
{
    private const string One = "000000000000f03f", Two = "0000000000000040", Three = "0000000000000840",
        Half = "000000000000e03f", MinusOne = "000000000000f0bf", Zero = "0000000000000000";

    [Fact]
    public void Vector3_is_three_float64()
    {
        // offsets 0, 8, 16: x, y, z (payload offset 0 is 8-aligned).
        Vector.Check(new Vector3(1, 2, 3), Convert.FromHexString("00010000" + One + Two + Three));
    }

    [Fact]
    public void Point_is_three_float64()
    {
        Vector.Check(new Point(-1, 0.5, 0), Convert.FromHexString("00010000" + MinusOne + Half + Zero));
    }

    [Fact]
    public void Quaternion_is_x_y_z_w()
    {
        // ROS order x, y, z, w: w = 1 is last, at offset 24.
        Vector.Check(new Quaternion(0, 0, 0.5, 1), Convert.FromHexString("00010000" + Zero + Zero + Half + One));
    }

    [Fact]
    public void Pose_is_point_then_quaternion()
    {
        // offset 0..24: position; offset 24..56: orientation.
        Vector.Check(new Pose(new Point(1, 2, 3), new Quaternion(0, 0, 0, 1)),
            Convert.FromHexString("00010000" + One + Two + Three + Zero + Zero + Zero + One));
    }

    [Fact]
    public void Transform_is_translation_then_rotation()
    {
        Vector.Check(new Transform(new Vector3(-1, 0, 0.5), new Quaternion(1, 0, 0, 0)),
            Convert.FromHexString("00010000" + MinusOne + Zero + Half + One + Zero + Zero + Zero));
    }

    [Fact]
    public void Twist_is_linear_then_angular()
    {
        Vector.Check(new Twist(new Vector3(1, 0, 0), new Vector3(0, 0, 2)),
            Convert.FromHexString("00010000" + One + Zero + Zero + Zero + Zero + Two));
    }

    [Fact]
    public void TransformStamped_pads_strings_to_4_and_the_transform_to_8()
    {
        var msg = new TransformStamped
        {
            Header = new Header(new Time(5, 6), "odom"),
            ChildFrameId = "base",
            Transform = new Transform(new Vector3(1, 2, 3), new Quaternion(0, 0, 0, 1)),
        };
        var expected = HandBytes.Le()
            .At(0).I32(5).U32(6)             // offset 0: sec, 4: nanosec
            .At(8).U32(5).Chars("odom")      // offset 8: length 5 ('odom\0'), bytes 12..17
            .Pad(3)                          // offset 17: pad to 20 for the uint32 length
            .At(20).U32(5).Chars("base")     // offset 20: length 5, bytes 24..29
            .Pad(3)                          // offset 29: pad to 32 for float64
            .At(32).F64(1, 2, 3, 0, 0, 0, 1) // offset 32..88: translation, rotation
            .At(88).ToArray();
        Vector.Check(msg, expected);
    }

    [Fact]
    public void TransformStamped_big_endian()
    {
        var msg = new TransformStamped
        {
            Header = new Header(new Time(5, 6), "map"),
            ChildFrameId = "cam",
            Transform = new Transform(new Vector3(1, 0, 0), new Quaternion(0, 0, 0, 1)),
        };
        // offset 0: 00 00 00 05; 4: 00 00 00 06; 8: length 4; 12: 'map\0'; 16: length 4; 20: 'cam\0';
        // offset 24 is already 8-aligned: translation (1.0 big-endian = 3f f0 00 ..), rotation.
        string oneBe = "3ff0000000000000", zero = Zero;
        var expected = Convert.FromHexString("00000000" + "00000005" + "00000006" + "00000004" + "6d617000" +
            "00000004" + "63616d00" + oneBe + zero + zero + zero + zero + zero + oneBe);
        Vector.Check(msg, expected, bigEndian: true);
    }

    [Fact]
    public void PoseStamped_pads_after_a_short_frame_id()
    {
        var msg = new PoseStamped
        {
            Header = new Header(new Time(1, 0), "a"),
            Pose = new Pose(new Point(1, 2, 3), new Quaternion(0, 0, 0, 1)),
        };
        var expected = HandBytes.Le()
            .I32(1).U32(0)                   // offset 0..8: stamp
            .U32(2).Chars("a")               // offset 8: length 2, bytes 12..14
            .Pad(2)                          // offset 14: pad to 16 for float64
            .At(16).F64(1, 2, 3, 0, 0, 0, 1) // offset 16..72: pose
            .At(72).ToArray();
        Vector.Check(msg, expected);
    }

    [Fact]
    public void PoseWithCovariance_writes_36_values_without_a_count()
    {
        var cov = new double[36];
        cov[0] = 1; cov[7] = 2; cov[35] = -1;
        var msg = new PoseWithCovariance { Pose = new Pose(new Point(3, 0, 0), Quaternion.Identity), Covariance = cov };
        // offset 0..56: pose; offset 56..344: float64[36] (fixed array: no length prefix).
        var expected = HandBytes.Le().F64(3, 0, 0, 0, 0, 0, 1).At(56).F64(cov).At(344).ToArray();
        Assert.Equal(4 + 344, expected.Length);
        Vector.Check(msg, expected);
    }

    [Fact]
    public void TwistWithCovariance_writes_36_values_without_a_count()
    {
        var cov = new double[36];
        cov[5] = 0.5; cov[30] = 3;
        var msg = new TwistWithCovariance { Twist = new Twist(new Vector3(1, 0, 0), new Vector3(0, 0, -1)), Covariance = cov };
        // offset 0..48: twist; offset 48..336: covariance.
        var expected = HandBytes.Le().F64(1, 0, 0, 0, 0, -1).At(48).F64(cov).At(336).ToArray();
        Vector.Check(msg, expected);
    }
}
