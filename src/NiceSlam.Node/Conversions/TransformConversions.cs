using NiceSlam.Core.Geometry;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Node.Conversions;

/// <summary>
/// <see cref="RigidTransform"/> ↔ geometry_msgs Transform and Pose (quaternion x, y, z, w; written normalised with
/// w &gt;= 0), and the stamped transforms the node broadcasts on /tf.
/// </summary>
public static class TransformConversions
{
    public static Transform ToTransform(RigidTransform t)
    {
        var (x, y, z, w) = t.ToQuaternion();
        return new Transform(new Vector3(t.Tx, t.Ty, t.Tz), new Quaternion(x, y, z, w));
    }

    public static Pose ToPose(RigidTransform t)
    {
        var (x, y, z, w) = t.ToQuaternion();
        return new Pose(new Point(t.Tx, t.Ty, t.Tz), new Quaternion(x, y, z, w));
    }

    /// <summary>The rigid transform of a message; the quaternion is normalised (a zero or non-finite one throws).</summary>
    public static RigidTransform ToRigidTransform(Transform t) =>
        Rigid(t.Rotation, t.Translation.X, t.Translation.Y, t.Translation.Z, "transform");

    /// <inheritdoc cref="ToRigidTransform(Transform)"/>
    public static RigidTransform ToRigidTransform(Pose p) =>
        Rigid(p.Orientation, p.Position.X, p.Position.Y, p.Position.Z, "pose");

    /// <summary>tf parent = <paramref name="mapFrame"/>, child = <paramref name="cameraFrame"/>: the camera's pose in map.</summary>
    public static TransformStamped CameraTransform(RigidTransform cameraInMap, Time stamp, string mapFrame, string cameraFrame)
    {
        RequireFrame(mapFrame, nameof(mapFrame));
        RequireFrame(cameraFrame, nameof(cameraFrame));
        return new TransformStamped { Header = new Header(stamp, mapFrame), ChildFrameId = cameraFrame, Transform = ToTransform(cameraInMap) };
    }

    /// <summary>
    /// REP 105 map → odom: the correction that makes odom's own camera estimate agree with SLAM's,
    /// map ← odom = (map ← camera) * (odom ← camera)⁻¹.
    /// </summary>
    public static TransformStamped MapToOdom(RigidTransform cameraInMap, RigidTransform cameraInOdom, Time stamp, string mapFrame, string odomFrame)
    {
        RequireFrame(mapFrame, nameof(mapFrame));
        RequireFrame(odomFrame, nameof(odomFrame));
        return new TransformStamped
        {
            Header = new Header(stamp, mapFrame),
            ChildFrameId = odomFrame,
            Transform = ToTransform(cameraInMap * cameraInOdom.Inverse()),
        };
    }

    private static RigidTransform Rigid(Quaternion q, double x, double y, double z, string what)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(z))
            throw new ArgumentException($"{what} translation must be finite, got ({x}, {y}, {z})");
        if (!double.IsFinite(q.X) || !double.IsFinite(q.Y) || !double.IsFinite(q.Z) || !double.IsFinite(q.W))
            throw new ArgumentException($"{what} quaternion must be finite, got ({q.X}, {q.Y}, {q.Z}, {q.W})");
        return RigidTransform.FromQuaternion(q.X, q.Y, q.Z, q.W, x, y, z);
    }

    private static void RequireFrame(string frame, string name)
    {
        if (string.IsNullOrWhiteSpace(frame)) throw new ArgumentException($"{name} must name a frame, got \"{frame}\"", name);
    }
}
