using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;
using Path = NiceSlam.Messages.NavMsgs.Path;

namespace NiceSlam.Messages.Tests.Cdr;

/// <summary>Hand-worked CDR vectors for nav_msgs and tf2_msgs (payload offsets after the 4-byte header).</summary>
public class NavTfVectorTests
{
    [Fact]
    public void Path_pads_each_pose_to_8()
    {
        var msg = new Path
        {
            Header = new Header(new Time(1, 2), "map"),
            Poses = [new PoseStamped { Header = new Header(new Time(3, 4), "map"), Pose = new Pose(new Point(1, 2, 3), Quaternion.Identity) }],
        };
        var expected = HandBytes.Le()
            .I32(1).U32(2).U32(4).Chars("map") // offset 0..16: header
            .At(16).U32(1)                     // offset 16: poses count
            .At(20).I32(3).U32(4)              // offset 20: pose stamp
            .At(28).U32(4).Chars("map")        // offset 28: length 4, bytes 32..36
            .Pad(4)                            // offset 36: pad to 40 for float64
            .At(40).F64(1, 2, 3, 0, 0, 0, 1)   // offset 40..96: pose
            .At(96).ToArray();
        Vector.Check(msg, expected);
    }

    [Fact]
    public void Odometry_is_header_child_pose_twist()
    {
        var poseCov = new double[36];
        poseCov[0] = 0.01;
        var twistCov = new double[36];
        twistCov[35] = 0.02;
        var msg = new Odometry
        {
            Header = new Header(new Time(9, 1), "odom"), ChildFrameId = "base",
            Pose = new PoseWithCovariance { Pose = new Pose(new Point(1, 0, 0), Quaternion.Identity), Covariance = poseCov },
            Twist = new TwistWithCovariance { Twist = new Twist(new Vector3(0.5, 0, 0), new Vector3(0, 0, 0.1)), Covariance = twistCov },
        };
        var expected = HandBytes.Le()
            .I32(9).U32(1).U32(5).Chars("odom") // offset 0..17: header
            .Pad(3).At(20).U32(5).Chars("base") // pad to 20; offset 20: length 5, bytes 24..29
            .Pad(3)                             // offset 29: pad to 32
            .At(32).F64(1, 0, 0, 0, 0, 0, 1)    // offset 32..88: pose
            .At(88).F64(poseCov)                // offset 88..376: pose covariance
            .At(376).F64(0.5, 0, 0, 0, 0, 0.1)  // offset 376..424: twist
            .At(424).F64(twistCov)              // offset 424..712: twist covariance
            .At(712).ToArray();
        Vector.Check(msg, expected);
    }

    [Fact]
    public void MapMetaData_pads_before_the_origin_pose()
    {
        var msg = new MapMetaData
        {
            MapLoadTime = new Time(2, 3), Resolution = 0.05f, Width = 100, Height = 50,
            Origin = new Pose(new Point(-2.5, -1.25, 0), Quaternion.Identity),
        };
        var expected = HandBytes.Le()
            .I32(2).U32(3)                         // offset 0..8: map_load_time
            .At(8).F32(0.05f)                      // offset 8: resolution
            .At(12).U32(100).U32(50)               // offset 12: width, 16: height
            .Pad(4)                                // offset 20: pad to 24 for float64
            .At(24).F64(-2.5, -1.25, 0, 0, 0, 0, 1) // offset 24..80: origin
            .At(80).ToArray();
        Vector.Check(msg, expected);
    }

    [Fact]
    public void OccupancyGrid_int8_data_is_signed()
    {
        var msg = new OccupancyGrid
        {
            Header = new Header(new Time(1, 0), "map"),
            Info = new MapMetaData { MapLoadTime = new Time(1, 0), Resolution = 0.5f, Width = 3, Height = 1, Origin = Pose.Identity },
            Data = [0, 100, -1],
        };
        var expected = HandBytes.Le()
            .I32(1).U32(0).U32(4).Chars("map") // offset 0..16: header
            .At(16).I32(1).U32(0)              // offset 16: info.map_load_time
            .At(24).F32(0.5f).U32(3).U32(1)    // offset 24: resolution, 28: width, 32: height
            .Pad(4)                            // offset 36: pad to 40
            .At(40).F64(0, 0, 0, 0, 0, 0, 1)   // offset 40..96: origin
            .At(96).U32(3).Hex("0064ff")       // offset 96: count 3; 0, 100 = 0x64, -1 = 0xff
            .At(103).ToArray();
        Vector.Check(msg, expected);
    }

    [Fact]
    public void TFMessage_is_a_sequence_of_TransformStamped()
    {
        var msg = new TFMessage
        {
            Transforms =
            [
                new TransformStamped
                {
                    Header = new Header(new Time(1, 2), "map"), ChildFrameId = "cam",
                    Transform = new Transform(new Vector3(1, 2, 3), Quaternion.Identity),
                },
            ],
        };
        var expected = HandBytes.Le()
            .U32(1)                          // offset 0: count 1
            .At(4).I32(1).U32(2)             // offset 4: sec, 8: nanosec
            .At(12).U32(4).Chars("map")      // offset 12: length 4, bytes 16..20
            .At(20).U32(4).Chars("cam")      // offset 20: length 4, bytes 24..28
            .Pad(4)                          // offset 28: pad to 32
            .At(32).F64(1, 2, 3, 0, 0, 0, 1) // offset 32..88
            .At(88).ToArray();
        Vector.Check(msg, expected);
    }
}
