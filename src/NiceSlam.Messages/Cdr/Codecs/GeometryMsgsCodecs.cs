using NiceSlam.Messages.GeometryMsgs;

namespace NiceSlam.Messages.Cdr.Codecs;

/// <summary>geometry_msgs: vectors, poses, transforms and their stamped / covariance forms.</summary>
internal static class GeometryMsgsCodecs
{
    public static void WriteVector3(CdrWriter w, Vector3 v)
    {
        w.WriteFloat64(v.X);
        w.WriteFloat64(v.Y);
        w.WriteFloat64(v.Z);
    }

    public static Vector3 ReadVector3(ref CdrReader r) =>
        new(r.ReadFloat64("Vector3.x"), r.ReadFloat64("Vector3.y"), r.ReadFloat64("Vector3.z"));

    public static void WritePoint(CdrWriter w, Point p)
    {
        w.WriteFloat64(p.X);
        w.WriteFloat64(p.Y);
        w.WriteFloat64(p.Z);
    }

    public static Point ReadPoint(ref CdrReader r) =>
        new(r.ReadFloat64("Point.x"), r.ReadFloat64("Point.y"), r.ReadFloat64("Point.z"));

    public static void WriteQuaternion(CdrWriter w, Quaternion q)
    {
        w.WriteFloat64(q.X);
        w.WriteFloat64(q.Y);
        w.WriteFloat64(q.Z);
        w.WriteFloat64(q.W);
    }

    public static Quaternion ReadQuaternion(ref CdrReader r) =>
        new(r.ReadFloat64("Quaternion.x"), r.ReadFloat64("Quaternion.y"), r.ReadFloat64("Quaternion.z"), r.ReadFloat64("Quaternion.w"));

    public static void WritePose(CdrWriter w, Pose p)
    {
        WritePoint(w, p.Position);
        WriteQuaternion(w, p.Orientation);
    }

    public static Pose ReadPose(ref CdrReader r)
    {
        var position = ReadPoint(ref r);
        return new Pose(position, ReadQuaternion(ref r));
    }

    public static void WriteTransform(CdrWriter w, Transform t)
    {
        WriteVector3(w, t.Translation);
        WriteQuaternion(w, t.Rotation);
    }

    public static Transform ReadTransform(ref CdrReader r)
    {
        var translation = ReadVector3(ref r);
        return new Transform(translation, ReadQuaternion(ref r));
    }

    public static void WriteTwist(CdrWriter w, Twist t)
    {
        WriteVector3(w, t.Linear);
        WriteVector3(w, t.Angular);
    }

    public static Twist ReadTwist(ref CdrReader r)
    {
        var linear = ReadVector3(ref r);
        return new Twist(linear, ReadVector3(ref r));
    }

    public static void WriteTransformStamped(CdrWriter w, TransformStamped t)
    {
        StdMsgsCodecs.WriteHeader(w, t.Header);
        w.WriteString(t.ChildFrameId, "TransformStamped.child_frame_id");
        WriteTransform(w, t.Transform);
    }

    public static TransformStamped ReadTransformStamped(ref CdrReader r)
    {
        var header = StdMsgsCodecs.ReadHeader(ref r);
        var child = r.ReadString("TransformStamped.child_frame_id");
        return new TransformStamped { Header = header, ChildFrameId = child, Transform = ReadTransform(ref r) };
    }

    public static void WritePoseStamped(CdrWriter w, PoseStamped p)
    {
        StdMsgsCodecs.WriteHeader(w, p.Header);
        WritePose(w, p.Pose);
    }

    public static PoseStamped ReadPoseStamped(ref CdrReader r)
    {
        var header = StdMsgsCodecs.ReadHeader(ref r);
        return new PoseStamped { Header = header, Pose = ReadPose(ref r) };
    }

    public static void WritePoseWithCovariance(CdrWriter w, PoseWithCovariance p)
    {
        WritePose(w, p.Pose);
        w.WriteFloat64Array(p.Covariance, 36, "PoseWithCovariance.covariance");
    }

    public static PoseWithCovariance ReadPoseWithCovariance(ref CdrReader r)
    {
        var pose = ReadPose(ref r);
        return new PoseWithCovariance { Pose = pose, Covariance = r.ReadFloat64Array(36, "PoseWithCovariance.covariance") };
    }

    public static void WriteTwistWithCovariance(CdrWriter w, TwistWithCovariance t)
    {
        WriteTwist(w, t.Twist);
        w.WriteFloat64Array(t.Covariance, 36, "TwistWithCovariance.covariance");
    }

    public static TwistWithCovariance ReadTwistWithCovariance(ref CdrReader r)
    {
        var twist = ReadTwist(ref r);
        return new TwistWithCovariance { Twist = twist, Covariance = r.ReadFloat64Array(36, "TwistWithCovariance.covariance") };
    }

    public static IEnumerable<CdrCodec> All() =>
    [
        new CdrCodec<Vector3>(Vector3.TypeName, WriteVector3, ReadVector3),
        new CdrCodec<Point>(Point.TypeName, WritePoint, ReadPoint),
        new CdrCodec<Quaternion>(Quaternion.TypeName, WriteQuaternion, ReadQuaternion),
        new CdrCodec<Pose>(Pose.TypeName, WritePose, ReadPose),
        new CdrCodec<Transform>(Transform.TypeName, WriteTransform, ReadTransform),
        new CdrCodec<Twist>(Twist.TypeName, WriteTwist, ReadTwist),
        new CdrCodec<TransformStamped>(TransformStamped.TypeName, WriteTransformStamped, ReadTransformStamped),
        new CdrCodec<PoseStamped>(PoseStamped.TypeName, WritePoseStamped, ReadPoseStamped),
        new CdrCodec<PoseWithCovariance>(PoseWithCovariance.TypeName, WritePoseWithCovariance, ReadPoseWithCovariance),
        new CdrCodec<TwistWithCovariance>(TwistWithCovariance.TypeName, WriteTwistWithCovariance, ReadTwistWithCovariance),
    ];
}
