using NiceSlam.Core.Geometry;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Images;
using OpenCvSharp;

namespace NiceSlam.Data.Tests.Datasets;

public class ImageReaderTests
{
    [Fact]
    public void Colour_png_comes_back_as_rgb()
    {
        using var fx = new DatasetFixture();
        var image = ImageReader.ReadColor(fx.Color("c.png", 8, 6, seed: 3));
        Assert.Equal((8, 6), (image.Width, image.Height));
        Assert.Equal(8 * 6 * 3, image.Rgb.Length);
        // pixel (x=2, y=1): B = 23, G = 10, R = 200 written as BGR -> RGB order
        int o = (1 * 8 + 2) * 3;
        Assert.Equal(new byte[] { 200, 10, 23 }, image.Rgb[o..(o + 3)]);
    }

    [Fact]
    public void Grey_and_bgra_become_rgb()
    {
        using var fx = new DatasetFixture();
        var grey = ImageReader.ReadColor(fx.Gray8("g.png"));
        Assert.All(grey.Rgb, b => Assert.Equal(77, b));

        using var bgra = new Mat(6, 8, MatType.CV_8UC4, new Scalar(1, 2, 3, 128));
        string path = fx.Path("a.png");
        Cv2.ImWrite(path, bgra);
        var rgb = ImageReader.ReadColor(path);
        Assert.Equal(8 * 6 * 3, rgb.Rgb.Length);
        Assert.Equal(new byte[] { 3, 2, 1 }, rgb.Rgb[..3]);
    }

    [Fact]
    public void Depth_is_raw_over_scale_and_zero_stays_zero()
    {
        using var fx = new DatasetFixture();
        string path = fx.Depth("d.png", 4, 2, (x, y) => (ushort)(x * 5000 + y));
        var depth = ImageReader.ReadDepth(path, 5000);
        Assert.Equal((4, 2), (depth.Width, depth.Height));
        Assert.Equal(0f, depth.Metres[0]);
        Assert.Equal(1f, depth.Metres[1], 6);
        Assert.Equal(3f, depth.Metres[3], 6);
        Assert.Equal(1.0002f, depth.Metres[4 + 1], 5);
    }

    [Fact]
    public void Invalid_raw_value_becomes_zero()
    {
        using var fx = new DatasetFixture();
        string path = fx.Depth("d.png", 2, 1, (x, _) => x == 0 ? (ushort)65535 : (ushort)1500);
        var depth = ImageReader.ReadDepth(path, 1000, invalidRaw: 65535);
        Assert.Equal(0f, depth.Metres[0]);
        Assert.Equal(1.5f, depth.Metres[1], 6);
    }

    [Fact]
    public void Eight_bit_depth_is_rejected_with_what_was_found()
    {
        using var fx = new DatasetFixture();
        string path = fx.Gray8("d.png");
        var e = Assert.Throws<DatasetException>(() => ImageReader.ReadDepth(path, 5000));
        Assert.Equal(path, e.Path);
        Assert.Contains("not a 16-bit single-channel depth image (found 8UC1", e.Message);
    }

    [Fact]
    public void Colour_depth_image_is_rejected_as_depth()
    {
        using var fx = new DatasetFixture();
        string path = fx.Color("d.png");
        var e = Assert.Throws<DatasetException>(() => ImageReader.ReadDepth(path, 5000));
        Assert.Contains("found 8UC3", e.Message);
    }

    [Fact]
    public void Missing_and_unreadable_files_name_the_file()
    {
        using var fx = new DatasetFixture();
        string missing = fx.Path("nope.png");
        var e1 = Assert.Throws<DatasetException>(() => ImageReader.ReadColor(missing));
        Assert.Equal(missing, e1.Path);
        Assert.Contains("not found", e1.Message);

        string garbage = fx.Bytes("broken.png", [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var e2 = Assert.Throws<DatasetException>(() => ImageReader.ReadDepth(garbage, 5000));
        Assert.Equal(garbage, e2.Path);
        Assert.Contains("unreadable", e2.Message);
        Assert.Throws<DatasetException>(() => ImageReader.ReadColor(garbage));
    }

    [Fact]
    public void Colour_can_be_resized_on_read()
    {
        using var fx = new DatasetFixture();
        var image = ImageReader.ReadColor(fx.Color("c.png", 8, 6), 4, 3);
        Assert.Equal((4, 3), (image.Width, image.Height));
        Assert.Equal(4 * 3 * 3, image.Rgb.Length);
    }

    [Fact]
    public void Pair_checks_sizes_against_each_other_and_the_intrinsics()
    {
        using var fx = new DatasetFixture();
        string color = fx.Color("c.png", 8, 6), depth = fx.Depth("d.png", 8, 6), smallDepth = fx.Depth("s.png", 4, 3);
        var k = new CameraIntrinsics(8, 6, 5, 5, 4, 3);
        var (rgb, metres) = ImageReader.ReadPair(color, depth, 1000, k);
        Assert.Equal(144, rgb.Length);
        Assert.Equal(48, metres.Length);

        var e = Assert.Throws<DatasetException>(() => ImageReader.ReadPair(color, smallDepth, 1000, k));
        Assert.Contains("8x6", e.Message);
        Assert.Contains("4x3", e.Message);
        Assert.Contains(color, e.Message);
        Assert.Contains(smallDepth, e.Message);

        var e2 = Assert.Throws<DatasetException>(() => ImageReader.ReadPair(color, depth, 1000, new CameraIntrinsics(640, 480, 5, 5, 4, 3)));
        Assert.Contains("640x480", e2.Message);
        Assert.Contains(depth, e2.Message);
    }
}
