using NiceSlam.Messages.NiceSlamMsgs;

namespace NiceSlam.Ros;

public static partial class RosMessageConversions
{
    /// <summary>nice_slam_msgs/SlamStatus (msg/msg/SlamStatus.msg); the STATE_* constants have the same values
    /// as <see cref="SlamStatus.StateWaiting"/> etc.</summary>
    public static global::nice_slam_msgs.msg.SlamStatus ToRos(SlamStatus m) => new()
    {
        Header = ToRos(m.Header),
        State = m.State,
        FramesReceived = m.FramesReceived,
        FramesTracked = m.FramesTracked,
        FramesDropped = m.FramesDropped,
        FramesRejected = m.FramesRejected,
        Keyframes = m.Keyframes,
        TrackingMs = m.TrackingMs,
        MappingMs = m.MappingMs,
        TrackingLoss = m.TrackingLoss,
        Device = m.Device ?? "",
        InputDiagnosis = m.InputDiagnosis ?? "",
        LatencyMedianMs = m.LatencyMedianMs,
        LatencyP95Ms = m.LatencyP95Ms,
        MappingLagS = m.MappingLagS,
        MappingSuperseded = m.MappingSuperseded,
        OdometryInlierShare = m.OdometryInlierShare,
        OdometryDepthResidualMm = m.OdometryDepthResidualMm,
    };

    public static SlamStatus FromRos(global::nice_slam_msgs.msg.SlamStatus m) => new()
    {
        Header = FromRos(m.Header),
        State = m.State,
        FramesReceived = m.FramesReceived,
        FramesTracked = m.FramesTracked,
        FramesDropped = m.FramesDropped,
        FramesRejected = m.FramesRejected,
        Keyframes = m.Keyframes,
        TrackingMs = m.TrackingMs,
        MappingMs = m.MappingMs,
        TrackingLoss = m.TrackingLoss,
        Device = m.Device ?? "",
        InputDiagnosis = m.InputDiagnosis ?? "",
        LatencyMedianMs = m.LatencyMedianMs,
        LatencyP95Ms = m.LatencyP95Ms,
        MappingLagS = m.MappingLagS,
        MappingSuperseded = m.MappingSuperseded,
        OdometryInlierShare = m.OdometryInlierShare,
        OdometryDepthResidualMm = m.OdometryDepthResidualMm,
    };

    // Services (msg/srv/*.srv). rosidl_generator_dotnet names a service's halves <Srv>_Request and <Srv>_Response
    // and the definition class <Srv>; the node serves the requests, so requests come in (FromRos) and responses
    // go out (filled into the response object rcldotnet passes to the callback).

    public static SaveMapRequest FromRos(global::nice_slam_msgs.srv.SaveMap_Request r) => new(r.Path ?? "");

    public static LoadMapRequest FromRos(global::nice_slam_msgs.srv.LoadMap_Request r) => new(r.Path ?? "");

    /// <summary>ResetMap's request is empty (rosidl gives it only the placeholder field).</summary>
    public static ResetMapRequest FromRos(global::nice_slam_msgs.srv.ResetMap_Request r) => new();

    public static ExportMeshRequest FromRos(global::nice_slam_msgs.srv.ExportMesh_Request r) => new(r.Path ?? "", r.Resolution);

    public static void Fill(global::nice_slam_msgs.srv.SaveMap_Response target, MapServiceResponse source)
    {
        target.Success = source.Success;
        target.Message = source.Message ?? "";
    }

    public static void Fill(global::nice_slam_msgs.srv.LoadMap_Response target, MapServiceResponse source)
    {
        target.Success = source.Success;
        target.Message = source.Message ?? "";
    }

    public static void Fill(global::nice_slam_msgs.srv.ResetMap_Response target, MapServiceResponse source)
    {
        target.Success = source.Success;
        target.Message = source.Message ?? "";
    }

    public static void Fill(global::nice_slam_msgs.srv.ExportMesh_Response target, ExportMeshResponse source)
    {
        target.Success = source.Success;
        target.Message = source.Message ?? "";
        target.Vertices = source.Vertices;
        target.Faces = source.Faces;
    }
}
