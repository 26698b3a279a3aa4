using NiceSlam.Dds.Ros;
using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.Tests.Cdr;

namespace NiceSlam.Dds.Tests;

/// <summary>ROS 2's DDS conventions (rmw_cyclonedds, rmw_dds_common) against values and byte layouts worked out
/// by hand from their sources.</summary>
public class RosConventionTests
{
    [Theory]
    [InlineData("/tf", "rt/tf")]
    [InlineData("/camera/camera/color/image_raw", "rt/camera/camera/color/image_raw")]
    [InlineData("/nice_slam/status", "rt/nice_slam/status")]
    public void Topics_get_the_rt_prefix(string ros, string dds)
    {
        Assert.Equal(dds, RosNames.Topic(ros));
        Assert.Equal(ros, RosNames.RosTopic(dds));
    }

    [Fact]
    public void Services_are_a_request_and_a_reply_topic()
    {
        Assert.Equal("rq/nice_slam/save_mapRequest", RosNames.RequestTopic("/nice_slam/save_map"));
        Assert.Equal("rr/nice_slam/save_mapReply", RosNames.ReplyTopic("/nice_slam/save_map"));
        Assert.Null(RosNames.RosTopic("rq/nice_slam/save_mapRequest"));
        Assert.Null(RosNames.RosTopic("ros_discovery_info"));
    }

    [Theory]
    [InlineData("sensor_msgs/msg/Image", "sensor_msgs::msg::dds_::Image_")]
    [InlineData("tf2_msgs/msg/TFMessage", "tf2_msgs::msg::dds_::TFMessage_")]
    [InlineData("nice_slam_msgs/srv/SaveMap_Request", "nice_slam_msgs::srv::dds_::SaveMap_Request_")]
    [InlineData("nice_slam_msgs/srv/ResetMap_Response", "nice_slam_msgs::srv::dds_::ResetMap_Response_")]
    public void Types_are_mangled_as_rosidl_names_them_on_DDS(string ros, string dds)
    {
        Assert.Equal(dds, RosNames.DdsType(ros));
        Assert.Equal(ros, RosNames.RosType(dds));
    }

    [Theory]
    [InlineData("tf")]
    [InlineData("/a//b")]
    [InlineData("/a/")]
    [InlineData("/1camera")]
    [InlineData("/a b")]
    [InlineData("")]
    public void Invalid_ROS_names_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => RosNames.Topic(name));

    [Fact]
    public void Gids_are_24_bytes_in_Humble_and_16_in_Jazzy()
    {
        var guid = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        Assert.Equal([.. guid, 0, 0, 0, 0, 0, 0, 0, 0], ParticipantEntitiesInfo.GidOf(guid, RosDistro.Humble));
        Assert.Equal(guid, ParticipantEntitiesInfo.GidOf(guid, RosDistro.Jazzy));
        Assert.Equal(RosDistro.Jazzy, RosDistros.Parse("Jazzy"));
        Assert.Throws<ArgumentException>(() => RosDistros.Parse("iron"));
    }

    private static readonly byte[] Pp = Convert.FromHexString("0110aabbccddeeff0011223300000001"); // participant
    private static readonly byte[] Rd = Convert.FromHexString("0110aabbccddeeff0011223300000104"); // a reader
    private static readonly byte[] W1 = Convert.FromHexString("0110aabbccddeeff0011223300000203"); // writers
    private static readonly byte[] W2 = Convert.FromHexString("0110aabbccddeeff0011223300000303");

    private static ParticipantEntitiesInfo Sample(RosDistro d) => new(ParticipantEntitiesInfo.GidOf(Pp, d),
        [new NodeEntitiesInfo("/", "n", [ParticipantEntitiesInfo.GidOf(Rd, d)], [ParticipantEntitiesInfo.GidOf(W1, d), ParticipantEntitiesInfo.GidOf(W2, d)])]);

    [Fact]
    public void Discovery_info_in_Humble_layout()
    {
        const string pad8 = "0000000000000000";
        var expected = HandBytes.Le()
            .At(0).Hex(Convert.ToHexString(Pp) + pad8)           // gid: char[24]
            .At(24).U32(1)                                      // node_entities_info_seq: 1 node
            .At(28).U32(2).Chars("/")                           // node_namespace "/", bytes 32..34
            .Pad(2)                                             // offset 34: pad to 36
            .At(36).U32(2).Chars("n")                           // node_name "n", bytes 40..42
            .Pad(2)                                             // offset 42: pad to 44
            .At(44).U32(1).Hex(Convert.ToHexString(Rd) + pad8)  // reader_gid_seq: 1 gid, 48..72
            .At(72).U32(2).Hex(Convert.ToHexString(W1) + pad8).Hex(Convert.ToHexString(W2) + pad8) // writer_gid_seq, 76..124
            .At(124).ToArray();
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(Sample(RosDistro.Humble).Serialize(RosDistro.Humble)));
        var back = ParticipantEntitiesInfo.Deserialize(expected, RosDistro.Humble);
        Assert.Equal(Sample(RosDistro.Humble).Gid, back.Gid);
        Assert.Equal(("/", "n"), (back.Nodes[0].NodeNamespace, back.Nodes[0].NodeName));
        Assert.Equal(2, back.Nodes[0].WriterGids.Count);
        Assert.Throws<CdrException>(() => ParticipantEntitiesInfo.Deserialize(expected, RosDistro.Jazzy));
    }

    [Fact]
    public void Discovery_info_in_Jazzy_layout()
    {
        var expected = HandBytes.Le()
            .At(0).Hex(Convert.ToHexString(Pp))                 // gid: char[16]
            .At(16).U32(1)                                      // 1 node
            .At(20).U32(2).Chars("/")                           // namespace, bytes 24..26
            .Pad(2)
            .At(28).U32(2).Chars("n")                           // name, bytes 32..34
            .Pad(2)
            .At(36).U32(1).Hex(Convert.ToHexString(Rd))         // readers, 40..56
            .At(56).U32(2).Hex(Convert.ToHexString(W1)).Hex(Convert.ToHexString(W2)) // writers, 60..92
            .At(92).ToArray();
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(Sample(RosDistro.Jazzy).Serialize(RosDistro.Jazzy)));
        Assert.Equal(Sample(RosDistro.Jazzy).Nodes[0].ReaderGids[0], ParticipantEntitiesInfo.Deserialize(expected, RosDistro.Jazzy).Nodes[0].ReaderGids[0]);
    }

    [Fact]
    public void Client_and_service_ids_are_written_as_csid_to_string_writes_them()
    {
        // The participant's 12-byte GUID prefix, then the counter in big-endian; hex without leading zeros, the
        // first byte right-aligned in two characters (std::setw(2) with the default fill, a space).
        var id = ClientServiceId.Create(Pp, 258);
        Assert.Equal(Convert.FromHexString("0110aabbccddeeff0011223300000102"), id.Bytes);
        Assert.Equal(" 1.10.aa.bb.cc.dd.ee.ff.0.11.22.33.0.0.1.2", id.ToString());
        Assert.Equal("clientid= 1.10.aa.bb.cc.dd.ee.ff.0.11.22.33.0.0.1.2;", System.Text.Encoding.ASCII.GetString(id.ClientUserData()));
        Assert.Equal("serviceid= 1.10.aa.bb.cc.dd.ee.ff.0.11.22.33.0.0.1.2;", System.Text.Encoding.ASCII.GetString(id.ServiceUserData()));
    }

    [Fact]
    public void Requests_carry_the_client_writer_and_sequence_between_the_CDR_header_and_the_payload()
    {
        byte[] message = HandBytes.Le().U32(6).Chars("a.map").ToArray();  // a SaveMap request
        var framed = new RequestHeader(0x0102030405060708, 3).Frame(message);
        var expected = HandBytes.Le()
            .At(0).Hex("0807060504030201")                      // writer id, little-endian like the payload
            .At(8).Hex("0300000000000000")                      // sequence number
            .At(16).U32(6).Chars("a.map")                       // the request's own fields, still 8-aligned
            .ToArray();
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(framed));
        var (header, back) = RequestHeader.Unframe(framed);
        Assert.Equal(new RequestHeader(0x0102030405060708, 3), header);
        Assert.Equal(message, back);
        Assert.Throws<CdrException>(() => RequestHeader.Unframe(framed.AsSpan(0, 19)));
    }
}
