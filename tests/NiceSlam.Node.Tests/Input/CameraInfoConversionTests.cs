using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Node.Input;

namespace NiceSlam.Node.Tests.Input;

public class CameraInfoConversionTests
{
    // TUM fr1-like calibration: K = [517.3 0 318.6; 0 516.5 255.3; 0 0 1].
    private static CameraInfo Tum(string model = "plumb_bob", double[]? d = null) => new()
    {
        Width = 640,
        Height = 480,
        DistortionModel = model,
        D = d ?? [0.2624, -0.9531, -0.0054, 0.0026, 1.1633],
        K = [517.3, 0, 318.6, 0, 516.5, 255.3, 0, 0, 1],
    };

    [Fact]
    public void K_and_plumb_bob_coefficients_become_intrinsics()
    {
        var k = CameraInfoConversion.ToIntrinsics(Tum());
        Assert.Equal((640, 480), (k.Width, k.Height));
        Assert.Equal((517.3, 516.5, 318.6, 255.3), (k.Fx, k.Fy, k.Cx, k.Cy)); // K[0], K[4], K[2], K[5]
        Assert.Equal([0.2624, -0.9531, -0.0054, 0.0026, 1.1633], k.Distortion);
    }

    [Fact]
    public void Zero_coefficients_mean_no_distortion_whatever_the_model()
    {
        Assert.Empty(CameraInfoConversion.ToIntrinsics(Tum(d: [0, 0, 0, 0, 0])).Distortion);
        Assert.Empty(CameraInfoConversion.ToIntrinsics(Tum(model: "", d: [])).Distortion);
        Assert.Empty(CameraInfoConversion.ToIntrinsics(Tum(model: "equidistant", d: [0, 0, 0, 0])).Distortion);
    }

    [Fact]
    public void Rational_polynomial_keeps_its_eight_coefficients()
    {
        double[] d = [0.1, -0.2, 0.001, 0.002, 0.03, 0.1, -0.2, 0.03];
        Assert.Equal(d, CameraInfoConversion.ToIntrinsics(Tum(model: "rational_polynomial", d: d)).Distortion);
    }

    [Fact]
    public void Invalid_calibrations_are_rejected_as_camera_info()
    {
        CameraInfo[] bad =
        [
            Tum() with { K = new double[9] },                                     // all zero: uncalibrated
            Tum() with { K = [double.NaN, 0, 318.6, 0, 516.5, 255.3, 0, 0, 1] },  // non-finite
            Tum() with { K = [517.3, 0, 318.6, 0] },                              // not 3x3
            Tum() with { K = [-517.3, 0, 318.6, 0, 516.5, 255.3, 0, 0, 1] },      // negative fx
            Tum() with { Width = 0 },                                             // size 0
            Tum() with { BinningX = 2, BinningY = 2 },
            Tum(model: "equidistant", d: [0.1, 0, 0, 0]),
        ];
        foreach (var info in bad)
        {
            var e = Assert.Throws<InputRejectedException>(() => CameraInfoConversion.ToIntrinsics(info));
            Assert.Equal(InputRejection.CameraInfo, e.Reason);
        }
    }
}
