using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.SensorMsgs;

/// <summary>sensor_msgs/msg/CameraInfo: calibration of the camera that took the image with the same header.
/// K = [fx 0 cx; 0 fy cy; 0 0 1] row-major.</summary>
public sealed record CameraInfo
{
    public const string TypeName = "sensor_msgs/msg/CameraInfo";

    public Header Header { get; init; } = new();
    public uint Height { get; init; }
    public uint Width { get; init; }
    /// <summary>"plumb_bob", "rational_polynomial", "equidistant", or empty.</summary>
    public string DistortionModel { get; init; } = "";
    /// <summary>Distortion coefficients (variable length; k1 k2 t1 t2 k3 for plumb_bob).</summary>
    public double[] D { get; init; } = [];
    /// <summary>3x3 intrinsic matrix, row-major (9 values).</summary>
    public double[] K { get; init; } = new double[9];
    /// <summary>3x3 rectification rotation, row-major (9 values).</summary>
    public double[] R { get; init; } = new double[9];
    /// <summary>3x4 projection matrix, row-major (12 values).</summary>
    public double[] P { get; init; } = new double[12];
    public uint BinningX { get; init; }
    public uint BinningY { get; init; }
    public RegionOfInterest Roi { get; init; }
}
