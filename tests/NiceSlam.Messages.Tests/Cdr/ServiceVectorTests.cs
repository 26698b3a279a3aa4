using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.NiceSlamMsgs;

namespace NiceSlam.Messages.Tests.Cdr;

/// <summary>The nice_slam_msgs service requests and responses (msg/srv/*.srv) against byte layouts worked out by hand.</summary>
public class ServiceVectorTests
{
    private static void Check<T>(T value, byte[] expected) where T : notnull
    {
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(CdrServiceSerializer.Serialize(value)));
        Assert.Equal(value, CdrServiceSerializer.Deserialize<T>(expected));
    }

    [Fact]
    public void SaveMap_request_is_one_string() =>
        Check(new SaveMapRequest("a.map"), HandBytes.Le()
            .At(0).U32(6).Chars("a.map")          // offset 0: length 6 (with the NUL), bytes 4..10
            .At(10).ToArray());

    [Fact]
    public void ResetMap_request_is_the_one_byte_ROS_gives_an_empty_structure() =>
        Check(new ResetMapRequest(), HandBytes.Le()
            .At(0).U8(0)                          // structure_needs_at_least_one_member
            .At(1).ToArray());

    [Fact]
    public void ExportMesh_request_pads_the_float_to_4() =>
        Check(new ExportMeshRequest("m.ply", 0.05f), HandBytes.Le()
            .At(0).U32(6).Chars("m.ply")          // offset 0: path, bytes 4..10
            .Pad(2)                               // offset 10: pad to 12
            .At(12).F32(0.05f)                    // offset 12: resolution
            .At(16).ToArray());

    [Fact]
    public void Map_service_response_pads_the_bool_before_the_string() =>
        Check(new MapServiceResponse(true, "ok"), HandBytes.Le()
            .At(0).U8(1)                          // success
            .Pad(3)                               // offset 1: pad to 4 for the string length
            .At(4).U32(3).Chars("ok")             // offset 4: message, bytes 8..11
            .At(11).ToArray());

    [Fact]
    public void ExportMesh_response_counts_follow_the_message() =>
        Check(new ExportMeshResponse(false, "no map", 7, 9), HandBytes.Le()
            .At(0).U8(0).Pad(3)                   // success false, pad to 4
            .At(4).U32(7).Chars("no map")         // offset 4: message, bytes 8..15
            .Pad(1)                               // offset 15: pad to 16
            .At(16).U32(7).U32(9)                 // vertices, faces
            .At(24).ToArray());

    [Fact]
    public void Each_request_names_its_service_and_response()
    {
        Assert.Equal(("nice_slam_msgs/srv/SaveMap", typeof(MapServiceResponse)), CdrServiceSerializer.ServiceOf(typeof(SaveMapRequest)));
        Assert.Equal(("nice_slam_msgs/srv/LoadMap", typeof(MapServiceResponse)), CdrServiceSerializer.ServiceOf(typeof(LoadMapRequest)));
        Assert.Equal(("nice_slam_msgs/srv/ResetMap", typeof(MapServiceResponse)), CdrServiceSerializer.ServiceOf(typeof(ResetMapRequest)));
        Assert.Equal(("nice_slam_msgs/srv/ExportMesh", typeof(ExportMeshResponse)), CdrServiceSerializer.ServiceOf(typeof(ExportMeshRequest)));
        Assert.Throws<CdrException>(() => CdrServiceSerializer.ServiceOf(typeof(string)));
    }

    [Fact]
    public void Left_over_bytes_are_refused() =>
        Assert.Throws<CdrException>(() => CdrServiceSerializer.Deserialize<ResetMapRequest>(HandBytes.Le().U8(0).Pad(7).ToArray()));
}
