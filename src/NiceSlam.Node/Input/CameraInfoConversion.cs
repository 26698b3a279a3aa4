using NiceSlam.Core.Geometry;
using NiceSlam.Messages.SensorMsgs;

namespace NiceSlam.Node.Input;

/// <summary>Reads the pinhole intrinsics the method needs from a sensor_msgs/CameraInfo.</summary>
public static class CameraInfoConversion
{
    /// <summary>
    /// Size from the message, fx = K[0], fy = K[4], cx = K[2], cy = K[5]; the distortion coefficients D when the
    /// model is plumb_bob or rational_polynomial (OpenCV's order) and any is non-zero, none otherwise. A message
    /// with a zero size, a K that is not 9 finite values with positive focal lengths, binning, or non-zero
    /// coefficients of another model (equidistant/fisheye, which the method cannot undistort) is rejected with
    /// <see cref="InputRejection.CameraInfo"/>.
    /// </summary>
    public static CameraIntrinsics ToIntrinsics(CameraInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Width == 0 || info.Height == 0)
            throw Reject($"CameraInfo size is {info.Width}x{info.Height}; expected the positive size of the calibrated image");
        if (info.Width > int.MaxValue || info.Height > int.MaxValue)
            throw Reject($"CameraInfo size {info.Width}x{info.Height} is too large");
        if (info.K is null || info.K.Length != 9)
            throw Reject($"CameraInfo K must have 9 values (3x3 row-major), found {info.K?.Length ?? 0}");
        if (info.K.Any(k => !double.IsFinite(k)))
            throw Reject($"CameraInfo K must be finite, found [{Format(info.K)}]");
        if (info.K.All(k => k == 0))
            throw Reject("CameraInfo K is all zero: the camera is not calibrated");
        double fx = info.K[0], fy = info.K[4], cx = info.K[2], cy = info.K[5];
        if (!(fx > 0) || !(fy > 0))
            throw Reject($"CameraInfo focal lengths must be positive, found fx=K[0]={fx} fy=K[4]={fy}");
        if (info.BinningX > 1 || info.BinningY > 1)
            throw Reject($"CameraInfo binning {info.BinningX}x{info.BinningY} is not supported; expected 0 or 1");

        var d = info.D ?? [];
        if (d.Any(c => !double.IsFinite(c)))
            throw Reject($"CameraInfo distortion coefficients must be finite, found [{Format(d)}]");
        IReadOnlyList<double>? distortion = null;
        if (d.Any(c => c != 0))
        {
            if (info.DistortionModel is not ("plumb_bob" or "rational_polynomial"))
                throw Reject($"CameraInfo distortion model '{info.DistortionModel}' with non-zero coefficients is not supported; expected plumb_bob or rational_polynomial");
            distortion = d;
        }
        return new CameraIntrinsics((int)info.Width, (int)info.Height, fx, fy, cx, cy, distortion);
    }

    private static InputRejectedException Reject(string message) => new(InputRejection.CameraInfo, message);

    private static string Format(IEnumerable<double> values) =>
        string.Join(", ", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
