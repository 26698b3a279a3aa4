using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Tests;

public class CameraIntrinsicsTests
{
    private static readonly CameraIntrinsics Fr1 = new(640, 480, 517.3, 516.5, 318.6, 255.3, [0.2624, -0.9531, -0.0054, 0.0026, 1.1633]);

    [Fact]
    public void Resize_scales_focal_lengths_and_principal_point_per_axis()
    {
        var k = Fr1.Resized(320, 240);
        Assert.Equal((320, 240), (k.Width, k.Height));
        Assert.Equal(517.3 / 2, k.Fx, 12);
        Assert.Equal(516.5 / 2, k.Fy, 12);
        Assert.Equal(318.6 / 2, k.Cx, 12);
        Assert.Equal(255.3 / 2, k.Cy, 12);
    }

    [Fact]
    public void Crop_shifts_the_principal_point_and_keeps_focal_lengths()
    {
        var k = Fr1.WithoutDistortion().Cropped(8);
        Assert.Equal((624, 464), (k.Width, k.Height));
        Assert.Equal((517.3, 516.5), (k.Fx, k.Fy));
        Assert.Equal(310.6, k.Cx, 12);
        Assert.Equal(247.3, k.Cy, 12);
        Assert.False(k.HasDistortion);
        Assert.True(Fr1.HasDistortion);
        Assert.Throws<ArgumentOutOfRangeException>(() => Fr1.Cropped(240));
    }

    [Fact]
    public void Invalid_values_are_rejected_with_the_reason()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CameraIntrinsics(0, 480, 500, 500, 320, 240));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CameraIntrinsics(640, 480, double.NaN, 500, 320, 240));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CameraIntrinsics(640, 480, 500, -1, 320, 240));
    }

    [Fact]
    public void Equality_compares_distortion_by_value()
    {
        var a = new CameraIntrinsics(64, 48, 50, 50, 32, 24, [0.1, 0.0]);
        var b = new CameraIntrinsics(64, 48, 50, 50, 32, 24, [0.1, 0.0]);
        Assert.Equal(a, b);
        Assert.NotEqual(a, a.WithoutDistortion());
    }
}
