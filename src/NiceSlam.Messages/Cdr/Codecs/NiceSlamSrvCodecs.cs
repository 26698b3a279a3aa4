using NiceSlam.Messages.NiceSlamMsgs;

namespace NiceSlam.Messages.Cdr.Codecs;

/// <summary>nice_slam_msgs services (msg/srv/*.srv): the request and response of SaveMap, LoadMap, ResetMap and
/// ExportMesh. An empty request (ResetMap) is written as ROS 2 generates empty structures: one uint8
/// structure_needs_at_least_one_member, 0.</summary>
internal static class NiceSlamSrvCodecs
{
    public static IEnumerable<(string Service, CdrCodec Request, CdrCodec Response)> All() =>
    [
        ("nice_slam_msgs/srv/SaveMap",
            new CdrCodec<SaveMapRequest>("nice_slam_msgs/srv/SaveMap_Request",
                (w, m) => w.WriteString(m.Path, "SaveMap_Request.path"),
                (ref CdrReader r) => new SaveMapRequest(r.ReadString("SaveMap_Request.path"))),
            MapResponse("SaveMap")),
        ("nice_slam_msgs/srv/LoadMap",
            new CdrCodec<LoadMapRequest>("nice_slam_msgs/srv/LoadMap_Request",
                (w, m) => w.WriteString(m.Path, "LoadMap_Request.path"),
                (ref CdrReader r) => new LoadMapRequest(r.ReadString("LoadMap_Request.path"))),
            MapResponse("LoadMap")),
        ("nice_slam_msgs/srv/ResetMap",
            new CdrCodec<ResetMapRequest>("nice_slam_msgs/srv/ResetMap_Request",
                (w, _) => w.WriteUInt8(0),
                (ref CdrReader r) => { r.ReadUInt8("ResetMap_Request.structure_needs_at_least_one_member"); return new ResetMapRequest(); }),
            MapResponse("ResetMap")),
        ("nice_slam_msgs/srv/ExportMesh",
            new CdrCodec<ExportMeshRequest>("nice_slam_msgs/srv/ExportMesh_Request",
                (w, m) => { w.WriteString(m.Path, "ExportMesh_Request.path"); w.WriteFloat32(m.Resolution); },
                (ref CdrReader r) => new ExportMeshRequest(r.ReadString("ExportMesh_Request.path"), r.ReadFloat32("ExportMesh_Request.resolution"))),
            new CdrCodec<ExportMeshResponse>("nice_slam_msgs/srv/ExportMesh_Response",
                (w, m) => { w.WriteBool(m.Success); w.WriteString(m.Message, "ExportMesh_Response.message"); w.WriteUInt32(m.Vertices); w.WriteUInt32(m.Faces); },
                (ref CdrReader r) => new ExportMeshResponse(r.ReadBool("ExportMesh_Response.success"), r.ReadString("ExportMesh_Response.message"),
                    r.ReadUInt32("ExportMesh_Response.vertices"), r.ReadUInt32("ExportMesh_Response.faces")))),
    ];

    /// <summary>SaveMap, LoadMap and ResetMap answer the same layout: bool success, string message.</summary>
    private static CdrCodec<MapServiceResponse> MapResponse(string service) =>
        new($"nice_slam_msgs/srv/{service}_Response",
            (w, m) => { w.WriteBool(m.Success); w.WriteString(m.Message, $"{service}_Response.message"); },
            (ref CdrReader r) => new MapServiceResponse(r.ReadBool($"{service}_Response.success"), r.ReadString($"{service}_Response.message")));
}
