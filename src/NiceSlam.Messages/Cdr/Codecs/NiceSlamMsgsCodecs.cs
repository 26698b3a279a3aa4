using NiceSlam.Messages.NiceSlamMsgs;

namespace NiceSlam.Messages.Cdr.Codecs;

/// <summary>nice_slam_msgs: SlamStatus (msg/msg/SlamStatus.msg).</summary>
internal static class NiceSlamMsgsCodecs
{
    public static void WriteSlamStatus(CdrWriter w, SlamStatus m)
    {
        StdMsgsCodecs.WriteHeader(w, m.Header);
        w.WriteUInt8(m.State);
        w.WriteUInt64(m.FramesReceived);
        w.WriteUInt64(m.FramesTracked);
        w.WriteUInt64(m.FramesDropped);
        w.WriteUInt64(m.FramesRejected);
        w.WriteUInt32(m.Keyframes);
        w.WriteFloat32(m.TrackingMs);
        w.WriteFloat32(m.MappingMs);
        w.WriteFloat32(m.TrackingLoss);
        w.WriteString(m.Device, "SlamStatus.device");
        w.WriteString(m.InputDiagnosis, "SlamStatus.input_diagnosis");
        w.WriteFloat32(m.LatencyMedianMs);
        w.WriteFloat32(m.LatencyP95Ms);
        w.WriteFloat32(m.MappingLagS);
        w.WriteUInt64(m.MappingSuperseded);
        w.WriteFloat32(m.OdometryInlierShare);
        w.WriteFloat32(m.OdometryDepthResidualMm);
    }

    public static SlamStatus ReadSlamStatus(ref CdrReader r) => new()
    {
        Header = StdMsgsCodecs.ReadHeader(ref r),
        State = r.ReadUInt8("SlamStatus.state"),
        FramesReceived = r.ReadUInt64("SlamStatus.frames_received"),
        FramesTracked = r.ReadUInt64("SlamStatus.frames_tracked"),
        FramesDropped = r.ReadUInt64("SlamStatus.frames_dropped"),
        FramesRejected = r.ReadUInt64("SlamStatus.frames_rejected"),
        Keyframes = r.ReadUInt32("SlamStatus.keyframes"),
        TrackingMs = r.ReadFloat32("SlamStatus.tracking_ms"),
        MappingMs = r.ReadFloat32("SlamStatus.mapping_ms"),
        TrackingLoss = r.ReadFloat32("SlamStatus.tracking_loss"),
        Device = r.ReadString("SlamStatus.device"),
        InputDiagnosis = r.ReadString("SlamStatus.input_diagnosis"),
        LatencyMedianMs = r.ReadFloat32("SlamStatus.latency_median_ms"),
        LatencyP95Ms = r.ReadFloat32("SlamStatus.latency_p95_ms"),
        MappingLagS = r.ReadFloat32("SlamStatus.mapping_lag_s"),
        MappingSuperseded = r.ReadUInt64("SlamStatus.mapping_superseded"),
        OdometryInlierShare = r.ReadFloat32("SlamStatus.odometry_inlier_share"),
        OdometryDepthResidualMm = r.ReadFloat32("SlamStatus.odometry_depth_residual_mm"),
    };

    public static IEnumerable<CdrCodec> All() =>
    [
        new CdrCodec<SlamStatus>(SlamStatus.TypeName, WriteSlamStatus, ReadSlamStatus),
    ];
}
