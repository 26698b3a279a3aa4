using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NiceSlamMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.VisualizationMsgs;

namespace NiceSlam.Messages.Tests.Cdr;

/// <summary>Hand-worked CDR vectors for visualization_msgs/Marker (ROS 2 Humble layout, with texture_resource,
/// texture, uv_coordinates and mesh_file written empty) and nice_slam_msgs/SlamStatus.</summary>
public class MarkerAndStatusVectorTests
{
    private static readonly Marker Sample = new()
    {
        Header = new Header(new Time(1, 2), "map"), Ns = "n", Id = 7, Type = Marker.TypeLineStrip, Action = Marker.ActionAdd,
        Pose = new Pose(new Point(1, 2, 3), Quaternion.Identity), Scale = new Vector3(0.5, 0.5, 0.5),
        Color = new ColorRGBA(1, 0, 0, 1), Lifetime = new Duration(2, 0), FrameLocked = true,
        Points = [new Point(1, 0, 0)], Colors = [new ColorRGBA(0, 1, 0, 1)], Text = "hi", MeshResource = "",
        MeshUseEmbeddedMaterials = true,
    };

    /// <summary>The Marker fields up to and including colors (offsets 0..196), shared by the two vectors.</summary>
    private static HandBytes MarkerHead() => HandBytes.Le()
        .I32(1).U32(2).U32(4).Chars("map")   // offset 0..16: header
        .At(16).U32(2).Chars("n").Pad(2)     // offset 16: ns length 2, bytes 20..22, pad to 24
        .At(24).I32(7).I32(4).I32(0)         // offset 24: id, 28: type LINE_STRIP, 32: action ADD
        .Pad(4)                              // offset 36: pad to 40 for float64
        .At(40).F64(1, 2, 3, 0, 0, 0, 1)     // offset 40..96: pose
        .At(96).F64(0.5, 0.5, 0.5)           // offset 96..120: scale
        .At(120).F32(1).F32(0).F32(0).F32(1) // offset 120..136: color
        .At(136).I32(2).U32(0)               // offset 136..144: lifetime
        .At(144).U8(1).Pad(3)                // offset 144: frame_locked, pad to 148
        .At(148).U32(1).F64(1, 0, 0)         // offset 148: points count 1, 152..176: the point (152 is 8-aligned)
        .At(176).U32(1).F32(0).F32(1).F32(0).F32(1); // offset 176: colors count 1, 180..196: the colour

    [Fact]
    public void Marker_humble_layout_with_empty_texture_and_mesh_file()
    {
        var expected = MarkerHead()
            .At(196).U32(1).Chars("")          // offset 196: texture_resource length 1, NUL at 200
            .Pad(3)                            // offset 201: pad to 204
            .At(204).I32(0).U32(0)             // offset 204: texture.header.stamp
            .At(212).U32(1).Chars("").Pad(3)   // offset 212: texture.header.frame_id "" (NUL at 216), pad to 220
            .At(220).U32(1).Chars("").Pad(3)   // offset 220: texture.format "", pad to 228
            .At(228).U32(0)                    // offset 228: texture.data count 0
            .At(232).U32(0)                    // offset 232: uv_coordinates count 0
            .At(236).U32(3).Chars("hi")        // offset 236: text length 3, bytes 240..243
            .Pad(1).At(244).U32(1).Chars("")   // pad to 244: mesh_resource "" (NUL at 248)
            .Pad(3).At(252).U32(1).Chars("")   // pad to 252: mesh_file.filename "" (NUL at 256)
            .Pad(3).At(260).U32(0)             // pad to 260: mesh_file.data count 0
            .At(264).U8(1)                     // offset 264: mesh_use_embedded_materials
            .At(265).ToArray();
        Vector.Check(Sample, expected);
    }

    [Fact]
    public void Marker_read_skips_texture_uv_and_mesh_file_content()
    {
        var bytes = MarkerHead()
            .At(196).U32(4).Chars("tex")        // offset 196: texture_resource "tex", bytes 200..204
            .At(204).I32(5).U32(6)              // offset 204: texture.header.stamp
            .At(212).U32(2).Chars("t").Pad(2)   // offset 212: frame_id "t", bytes 216..218, pad to 220
            .At(220).U32(4).Chars("png")        // offset 220: format, bytes 224..228
            .At(228).U32(2).Hex("abcd").Pad(2)  // offset 228: data count 2, bytes 232..234, pad to 236
            .At(236).U32(1).F32(0.25f).F32(0.75f) // offset 236: uv count 1, 240..248: u, v
            .At(248).U32(3).Chars("hi")         // offset 248: text, bytes 252..255
            .Pad(1).At(256).U32(2).Chars("m")   // offset 256: mesh_resource "m", bytes 260..262
            .Pad(2).At(264).U32(6).Chars("a.obj") // offset 264: mesh_file.filename, bytes 268..274
            .Pad(2).At(276).U32(1).Hex("ee")    // offset 276: mesh_file.data count 1, byte 280
            .At(281).U8(0)                      // offset 281: mesh_use_embedded_materials = false
            .ToArray();
        var marker = CdrSerializer.Deserialize<Marker>(bytes);
        MessageAssert.Equal(Sample with { MeshResource = "m", MeshUseEmbeddedMaterials = false }, marker);
    }

    [Fact]
    public void SlamStatus_pads_the_state_byte_to_8()
    {
        var msg = new SlamStatus
        {
            Header = new Header(new Time(4, 5), "map"), State = SlamStatus.StateTracking, FramesReceived = 100,
            FramesTracked = 98, FramesDropped = 1, FramesRejected = 0x1_0000_0001, Keyframes = 12,
            TrackingMs = 25.5f, MappingMs = 120.25f, TrackingLoss = 0.125f, Device = "cpu",
            InputDiagnosis = "no colour", LatencyMedianMs = 40.5f, LatencyP95Ms = 96.25f, MappingLagS = 1.5f,
            MappingSuperseded = 7, OdometryInlierShare = 0.875f, OdometryDepthResidualMm = 2.5f,
        };
        var expected = HandBytes.Le()
            .I32(4).U32(5).U32(4).Chars("map") // offset 0..16: header
            .At(16).U8(1)                      // offset 16: state
            .Pad(7)                            // offset 17: pad to 24 for uint64
            .At(24).U64(100).U64(98).U64(1)    // offsets 24, 32, 40: received, tracked, dropped
            .At(48).Hex("0100000001000000")    // offset 48: rejected = 2^32 + 1 (low word first)
            .At(56).U32(12)                    // offset 56: keyframes
            .At(60).F32(25.5f).F32(120.25f).F32(0.125f) // offsets 60, 64, 68
            .At(72).U32(4).Chars("cpu")        // offset 72: device, bytes 76..80
            .At(80).U32(10).Chars("no colour") // offset 80: input_diagnosis, bytes 84..94
            .Pad(2)                            // offset 94: pad to 96 for float32
            .At(96).F32(40.5f).F32(96.25f).F32(1.5f) // offsets 96, 100, 104: latency median, p95, mapping lag
            .Pad(4)                            // offset 108: pad to 112 for uint64
            .At(112).U64(7)                    // offset 112: mapping_superseded
            .At(120).F32(0.875f).F32(2.5f)     // offsets 120, 124: odometry inlier share, depth residual
            .At(128).ToArray();
        Vector.Check(msg, expected);
    }
}
