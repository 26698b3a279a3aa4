using NiceSlam.Core.Geometry;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.NavMsgs;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Node.Conversions;

/// <summary>
/// nav_msgs/Odometry of the camera: the pose in the map frame and the twist in the child (camera) frame, estimated
/// from the last two poses and their stamps (zero for the first pose, or when the stamps do not increase).
/// Covariances are zero except their diagonals, which carry the configured <see cref="PoseVariance"/> and
/// <see cref="TwistVariance"/> (m² and rad² resp. (m/s)², (rad/s)², the same for all six axes; 0 = not given).
/// </summary>
public sealed class OdometryBuilder
{
    private (RigidTransform Pose, Time Stamp)? previous;

    public OdometryBuilder(string mapFrame, string childFrame, double poseVariance = 0, double twistVariance = 0)
    {
        if (string.IsNullOrWhiteSpace(mapFrame)) throw new ArgumentException($"mapFrame must name a frame, got \"{mapFrame}\"", nameof(mapFrame));
        if (string.IsNullOrWhiteSpace(childFrame)) throw new ArgumentException($"childFrame must name a frame, got \"{childFrame}\"", nameof(childFrame));
        if (!(poseVariance >= 0) || !double.IsFinite(poseVariance)) throw new ArgumentOutOfRangeException(nameof(poseVariance), $"variance must be finite and >= 0, got {poseVariance}");
        if (!(twistVariance >= 0) || !double.IsFinite(twistVariance)) throw new ArgumentOutOfRangeException(nameof(twistVariance), $"variance must be finite and >= 0, got {twistVariance}");
        MapFrame = mapFrame;
        ChildFrame = childFrame;
        PoseVariance = poseVariance;
        TwistVariance = twistVariance;
    }

    public string MapFrame { get; }
    public string ChildFrame { get; }
    public double PoseVariance { get; }
    public double TwistVariance { get; }

    /// <summary>The odometry for a new camera pose in map (map ← camera) at <paramref name="stamp"/>.</summary>
    public Odometry Next(RigidTransform cameraInMap, Time stamp)
    {
        var twist = previous is { } p && stamp > p.Stamp ? Velocity(p.Pose, p.Stamp, cameraInMap, stamp) : default;
        previous = (cameraInMap, stamp);
        return new Odometry
        {
            Header = new Header(stamp, MapFrame),
            ChildFrameId = ChildFrame,
            Pose = new PoseWithCovariance { Pose = TransformConversions.ToPose(cameraInMap), Covariance = Diagonal(PoseVariance) },
            Twist = new TwistWithCovariance { Twist = twist, Covariance = Diagonal(TwistVariance) },
        };
    }

    /// <summary>Forgets the previous pose (the next twist is zero), e.g. after a reset of the trajectory.</summary>
    public void Reset() => previous = null;

    /// <summary>
    /// The body twist between two poses (map ← body) over their time difference: the linear velocity of the body
    /// origin and the angular velocity, both in the later body frame. The relative motion
    /// Δ = before⁻¹ after gives the angular velocity as Δ's axis-angle / dt (its axis is the same in both body
    /// frames); the linear one is R_afterᵀ (t_after - t_before) / dt.
    /// </summary>
    public static Twist Velocity(RigidTransform before, Time beforeStamp, RigidTransform after, Time afterStamp)
    {
        double dt = (afterStamp.TotalNanoseconds - beforeStamp.TotalNanoseconds) * 1e-9;
        if (!(dt > 0)) throw new ArgumentException($"the later stamp must come after the earlier one, got {beforeStamp} then {afterStamp}");
        var delta = before.Inverse() * after;
        var (qx, qy, qz, qw) = delta.ToQuaternion();                                   // w >= 0: angle in [0, π]
        double sinHalf = Math.Sqrt(qx * qx + qy * qy + qz * qz);
        double angle = 2 * Math.Atan2(sinHalf, qw);
        double scale = sinHalf > 1e-12 ? angle / sinHalf / dt : 2 / dt;                 // small angle: angle ≈ 2 sin(angle/2)
        var (vx, vy, vz) = after.Inverse().Rotate(after.Tx - before.Tx, after.Ty - before.Ty, after.Tz - before.Tz);
        return new Twist(new Vector3(vx / dt, vy / dt, vz / dt), new Vector3(qx * scale, qy * scale, qz * scale));
    }

    private static double[] Diagonal(double variance)
    {
        var covariance = new double[36];
        for (int i = 0; i < 6; i++) covariance[i * 7] = variance;
        return covariance;
    }
}
