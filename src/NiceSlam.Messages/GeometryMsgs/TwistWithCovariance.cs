namespace NiceSlam.Messages.GeometryMsgs;

/// <summary>geometry_msgs/msg/TwistWithCovariance: twist and a row-major 6x6 covariance.</summary>
public sealed record TwistWithCovariance
{
    public const string TypeName = "geometry_msgs/msg/TwistWithCovariance";

    public Twist Twist { get; init; }
    /// <summary>36 values.</summary>
    public double[] Covariance { get; init; } = new double[36];
}
