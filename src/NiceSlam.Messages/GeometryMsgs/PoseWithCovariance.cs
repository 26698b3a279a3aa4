namespace NiceSlam.Messages.GeometryMsgs;

/// <summary>geometry_msgs/msg/PoseWithCovariance: pose and a row-major 6x6 covariance (x, y, z, rot x, rot y, rot z).</summary>
public sealed record PoseWithCovariance
{
    public const string TypeName = "geometry_msgs/msg/PoseWithCovariance";

    public Pose Pose { get; init; } = Pose.Identity;
    /// <summary>36 values.</summary>
    public double[] Covariance { get; init; } = new double[36];
}
