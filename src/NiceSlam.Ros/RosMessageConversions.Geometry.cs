using NiceSlam.Messages.GeometryMsgs;

namespace NiceSlam.Ros;

public static partial class RosMessageConversions
{
    public static global::geometry_msgs.msg.Point ToRos(Point p) => new() { X = p.X, Y = p.Y, Z = p.Z };

    public static Point FromRos(global::geometry_msgs.msg.Point p) => new(p.X, p.Y, p.Z);

    public static global::geometry_msgs.msg.Vector3 ToRos(Vector3 v) => new() { X = v.X, Y = v.Y, Z = v.Z };

    public static Vector3 FromRos(global::geometry_msgs.msg.Vector3 v) => new(v.X, v.Y, v.Z);

    public static global::geometry_msgs.msg.Quaternion ToRos(Quaternion q) => new() { X = q.X, Y = q.Y, Z = q.Z, W = q.W };

    public static Quaternion FromRos(global::geometry_msgs.msg.Quaternion q) => new(q.X, q.Y, q.Z, q.W);

    public static global::geometry_msgs.msg.Pose ToRos(Pose p) => new() { Position = ToRos(p.Position), Orientation = ToRos(p.Orientation) };

    public static Pose FromRos(global::geometry_msgs.msg.Pose p) => new(FromRos(p.Position), FromRos(p.Orientation));

    public static global::geometry_msgs.msg.Transform ToRos(Transform t) =>
        new() { Translation = ToRos(t.Translation), Rotation = ToRos(t.Rotation) };

    public static Transform FromRos(global::geometry_msgs.msg.Transform t) => new(FromRos(t.Translation), FromRos(t.Rotation));

    public static global::geometry_msgs.msg.Twist ToRos(Twist t) => new() { Linear = ToRos(t.Linear), Angular = ToRos(t.Angular) };

    public static Twist FromRos(global::geometry_msgs.msg.Twist t) => new(FromRos(t.Linear), FromRos(t.Angular));

    public static global::geometry_msgs.msg.PoseStamped ToRos(PoseStamped p) => new() { Header = ToRos(p.Header), Pose = ToRos(p.Pose) };

    public static PoseStamped FromRos(global::geometry_msgs.msg.PoseStamped p) => new() { Header = FromRos(p.Header), Pose = FromRos(p.Pose) };

    /// <summary>Covariance: float64[36] in ROS, row-major 6x6 (x, y, z, rot x, rot y, rot z).</summary>
    public static global::geometry_msgs.msg.PoseWithCovariance ToRos(PoseWithCovariance p) =>
        new() { Pose = ToRos(p.Pose), Covariance = FixedArray(p.Covariance, 36, "PoseWithCovariance.Covariance") };

    public static PoseWithCovariance FromRos(global::geometry_msgs.msg.PoseWithCovariance p) =>
        new() { Pose = FromRos(p.Pose), Covariance = (double[])p.Covariance.Clone() };

    public static global::geometry_msgs.msg.TwistWithCovariance ToRos(TwistWithCovariance t) =>
        new() { Twist = ToRos(t.Twist), Covariance = FixedArray(t.Covariance, 36, "TwistWithCovariance.Covariance") };

    public static TwistWithCovariance FromRos(global::geometry_msgs.msg.TwistWithCovariance t) =>
        new() { Twist = FromRos(t.Twist), Covariance = (double[])t.Covariance.Clone() };

    public static global::geometry_msgs.msg.TransformStamped ToRos(TransformStamped t) =>
        new() { Header = ToRos(t.Header), ChildFrameId = t.ChildFrameId ?? "", Transform = ToRos(t.Transform) };

    public static TransformStamped FromRos(global::geometry_msgs.msg.TransformStamped t) =>
        new() { Header = FromRos(t.Header), ChildFrameId = t.ChildFrameId ?? "", Transform = FromRos(t.Transform) };
}
