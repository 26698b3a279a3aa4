using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using Path = NiceSlam.Messages.NavMsgs.Path;

namespace NiceSlam.Messages.Cdr.Codecs;

/// <summary>nav_msgs: Path, Odometry, MapMetaData, OccupancyGrid.</summary>
internal static class NavMsgsCodecs
{
    public static void WritePath(CdrWriter w, Path m)
    {
        StdMsgsCodecs.WriteHeader(w, m.Header);
        w.WriteSequenceLength(m.Poses.Length);
        foreach (var p in m.Poses) GeometryMsgsCodecs.WritePoseStamped(w, p);
    }

    public static Path ReadPath(ref CdrReader r)
    {
        var header = StdMsgsCodecs.ReadHeader(ref r);
        // A PoseStamped is at least 8 (stamp) + 5 (frame id "") + 56 (pose) bytes.
        var poses = new PoseStamped[r.ReadSequenceLength(69, "Path.poses")];
        for (int i = 0; i < poses.Length; i++) poses[i] = GeometryMsgsCodecs.ReadPoseStamped(ref r);
        return new Path { Header = header, Poses = poses };
    }

    public static void WriteOdometry(CdrWriter w, Odometry m)
    {
        StdMsgsCodecs.WriteHeader(w, m.Header);
        w.WriteString(m.ChildFrameId, "Odometry.child_frame_id");
        GeometryMsgsCodecs.WritePoseWithCovariance(w, m.Pose);
        GeometryMsgsCodecs.WriteTwistWithCovariance(w, m.Twist);
    }

    public static Odometry ReadOdometry(ref CdrReader r) => new()
    {
        Header = StdMsgsCodecs.ReadHeader(ref r),
        ChildFrameId = r.ReadString("Odometry.child_frame_id"),
        Pose = GeometryMsgsCodecs.ReadPoseWithCovariance(ref r),
        Twist = GeometryMsgsCodecs.ReadTwistWithCovariance(ref r),
    };

    public static void WriteMapMetaData(CdrWriter w, MapMetaData m)
    {
        BuiltinInterfacesCodecs.WriteTime(w, m.MapLoadTime);
        w.WriteFloat32(m.Resolution);
        w.WriteUInt32(m.Width);
        w.WriteUInt32(m.Height);
        GeometryMsgsCodecs.WritePose(w, m.Origin);
    }

    public static MapMetaData ReadMapMetaData(ref CdrReader r) => new()
    {
        MapLoadTime = BuiltinInterfacesCodecs.ReadTime(ref r),
        Resolution = r.ReadFloat32("MapMetaData.resolution"),
        Width = r.ReadUInt32("MapMetaData.width"),
        Height = r.ReadUInt32("MapMetaData.height"),
        Origin = GeometryMsgsCodecs.ReadPose(ref r),
    };

    public static void WriteOccupancyGrid(CdrWriter w, OccupancyGrid m)
    {
        StdMsgsCodecs.WriteHeader(w, m.Header);
        WriteMapMetaData(w, m.Info);
        w.WriteInt8Sequence(m.Data);
    }

    public static OccupancyGrid ReadOccupancyGrid(ref CdrReader r) => new()
    {
        Header = StdMsgsCodecs.ReadHeader(ref r),
        Info = ReadMapMetaData(ref r),
        Data = r.ReadInt8Sequence("OccupancyGrid.data"),
    };

    public static IEnumerable<CdrCodec> All() =>
    [
        new CdrCodec<Path>(Path.TypeName, WritePath, ReadPath),
        new CdrCodec<Odometry>(Odometry.TypeName, WriteOdometry, ReadOdometry),
        new CdrCodec<MapMetaData>(MapMetaData.TypeName, WriteMapMetaData, ReadMapMetaData),
        new CdrCodec<OccupancyGrid>(OccupancyGrid.TypeName, WriteOccupancyGrid, ReadOccupancyGrid),
    ];
}
