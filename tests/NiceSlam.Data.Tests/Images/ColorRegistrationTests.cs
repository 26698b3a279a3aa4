using NiceSlam.Core.Geometry;
using NiceSlam.Data.Images;

namespace NiceSlam.Data.Tests.Images;

/// <summary>Colour resampled into the depth camera's pixels: each depth pixel reads the colour where its ray meets
/// the colour image, K_c K_d⁻¹ [u v 1].</summary>
public class ColorRegistrationTests
{
    private const int W = 64, H = 48;

    // The colour camera sees a wider field than the depth camera (smaller focal lengths) and has another principal point.
    private static readonly CameraIntrinsics ColorCamera = new(W, H, 50, 40, 32, 24);
    private static readonly CameraIntrinsics DepthCamera = new(W, H, 60, 48, 30, 22);

    private static int At(int u, int v) => 3 * (v * W + u);

    /// <summary>Colour pixel (u, v) holds R = 2u + 10, G = 3v + 20, B = 77: bilinear interpolation of this linear
    /// image reads back where it sampled.</summary>
    private static byte[] CoordinateImage()
    {
        var rgb = new byte[W * H * 3];
        for (int v = 0; v < H; v++)
            for (int u = 0; u < W; u++)
                (rgb[At(u, v)], rgb[At(u, v) + 1], rgb[At(u, v) + 2]) = ((byte)(2 * u + 10), (byte)(3 * v + 20), (byte)77);
        return rgb;
    }

    [Fact]
    public void Every_depth_pixel_reads_the_colour_where_its_ray_meets_the_colour_image()
    {
        var registered = ColorRegistration.ToDepthCamera(CoordinateImage(), ColorCamera, DepthCamera);
        int clamped = 0;
        for (int v = 0; v < H; v++)
            for (int u = 0; u < W; u++)
            {
                // K_c K_d⁻¹ [u v 1]; outside the colour image the border is replicated.
                double uc = 50.0 / 60 * (u - 30) + 32, vc = 40.0 / 48 * (v - 22) + 24;
                var (mu, mv) = ColorRegistration.ColorPixel(u, v, ColorCamera, DepthCamera);
                Assert.Equal(uc, mu, 12);
                Assert.Equal(vc, mv, 12);
                if (uc < 0 || uc > W - 1 || vc < 0 || vc > H - 1) clamped++;
                double r = 2 * Math.Clamp(uc, 0, W - 1) + 10, g = 3 * Math.Clamp(vc, 0, H - 1) + 20;
                Assert.InRange(registered[At(u, v)], r - 1, r + 1);
                Assert.InRange(registered[At(u, v) + 1], g - 1, g + 1);
                Assert.Equal(77, registered[At(u, v) + 2]);
            }
        Assert.Equal(0, clamped);   // a wider colour camera covers the whole depth image
        var reverse = ColorRegistration.ToDepthCamera(CoordinateImage(), DepthCamera, ColorCamera);
        Assert.Equal(2 * 0 + 10, reverse[At(0, 0)]);   // the other way round the border is replicated
        Assert.Equal(2 * (W - 1) + 10, reverse[At(W - 1, 0)]);
    }

    [Fact]
    public void A_dot_lands_where_the_depth_camera_sees_its_ray()
    {
        var rgb = new byte[W * H * 3];
        const int uc = 42, vc = 29;
        rgb[At(uc, vc)] = rgb[At(uc, vc) + 1] = rgb[At(uc, vc) + 2] = 255;
        // K_d K_c⁻¹ [42 29 1] = (60/50 (42 - 32) + 30, 48/40 (29 - 24) + 22) = (42, 28).
        double ud = 60.0 / 50 * (uc - 32) + 30, vd = 48.0 / 40 * (vc - 24) + 22;
        var registered = ColorRegistration.ToDepthCamera(rgb, ColorCamera, DepthCamera);
        double sum = 0, su = 0, sv = 0;
        (int U, int V, int Value) brightest = (-1, -1, -1);
        for (int v = 0; v < H; v++)
            for (int u = 0; u < W; u++)
            {
                int value = registered[At(u, v)];
                sum += value;
                su += value * u;
                sv += value * v;
                if (value > brightest.Value) brightest = (u, v, value);
            }
        Assert.Equal(((int)ud, (int)vd, 255), brightest);
        Assert.Equal(ud, su / sum, 2);
        Assert.Equal(vd, sv / sum, 2);
    }

    [Fact]
    public void Equal_intrinsics_give_the_image_back()
    {
        var rgb = new byte[W * H * 3];
        new Random(7).NextBytes(rgb);
        Assert.Equal(rgb, ColorRegistration.ToDepthCamera(rgb, DepthCamera, DepthCamera));
        Assert.Equal(rgb, ColorRegistration.ToDepthCamera(rgb, DepthCamera, new CameraIntrinsics(W, H, 60, 48, 30, 22)));
    }

    [Fact]
    public void Mismatched_sizes_and_distortion_are_refused()
    {
        var rgb = CoordinateImage();
        Assert.Throws<ArgumentException>(() => ColorRegistration.ToDepthCamera(rgb, ColorCamera, DepthCamera.Resized(32, 24)));
        Assert.Throws<ArgumentException>(() => ColorRegistration.ToDepthCamera(rgb[..^3], ColorCamera, DepthCamera));
        var distorted = new CameraIntrinsics(W, H, 50, 40, 32, 24, [0.1, 0, 0, 0]);
        Assert.Throws<ArgumentException>(() => ColorRegistration.ToDepthCamera(rgb, distorted, DepthCamera));
        Assert.Throws<ArgumentException>(() => ColorRegistration.ToDepthCamera(rgb, ColorCamera, distorted));
    }
}
