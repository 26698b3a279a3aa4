using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Node.Input;

namespace NiceSlam.Node.Tests.Input;

public class ImageDecodingTests
{
    private static Image Img(string encoding, uint width, uint height, uint step, byte[] data, byte bigEndian = 0) =>
        new() { Encoding = encoding, Width = width, Height = height, Step = step, Data = data, IsBigEndian = bigEndian };

    [Fact]
    public void Bgr8_with_padded_rows_becomes_rgb()
    {
        // 2x2, 6 pixel bytes a row plus 2 padding bytes (99): step 8. Each BGR triple reverses to RGB.
        byte[] data = [1, 2, 3, 4, 5, 6, 99, 99, 7, 8, 9, 10, 11, 12, 99, 99];
        Assert.Equal([3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10], ImageDecoding.ToRgb(Img("bgr8", 2, 2, 8, data)));
    }

    [Fact]
    public void Rgb8_with_padded_rows_drops_the_padding()
    {
        byte[] data = [1, 2, 3, 4, 5, 6, 99, 7, 8, 9, 10, 11, 12, 99];
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], ImageDecoding.ToRgb(Img("rgb8", 2, 2, 7, data)));
    }

    [Fact]
    public void Four_channel_encodings_drop_alpha()
    {
        // One row of 2 pixels; alpha 255 is ignored.
        byte[] data = [1, 2, 3, 255, 4, 5, 6, 255];
        Assert.Equal([1, 2, 3, 4, 5, 6], ImageDecoding.ToRgb(Img("rgba8", 2, 1, 8, data)));
        Assert.Equal([3, 2, 1, 6, 5, 4], ImageDecoding.ToRgb(Img("bgra8", 2, 1, 8, data)));
    }

    [Fact]
    public void Mono8_copies_grey_to_all_channels()
    {
        // 2x2 with step 3 (one padding byte a row).
        byte[] data = [10, 200, 0, 30, 40, 0];
        Assert.Equal([10, 10, 10, 200, 200, 200, 30, 30, 30, 40, 40, 40], ImageDecoding.ToRgb(Img("mono8", 2, 2, 3, data)));
    }

    [Fact]
    public void Depth_16UC1_little_and_big_endian_become_metres()
    {
        // 1000 mm = 0x03E8: little endian E8 03, big endian 03 E8; 0 stays 0 (invalid); 65535 mm = 65.535 m.
        byte[] little = [0xE8, 0x03, 0x00, 0x00, 0xFF, 0xFF];
        byte[] big = [0x03, 0xE8, 0x00, 0x00, 0xFF, 0xFF];
        float[] expected = [1.0f, 0f, 65.535f];
        Assert.Equal(expected, ImageDecoding.ToDepthMetres(Img("16UC1", 3, 1, 6, little)));
        Assert.Equal(expected, ImageDecoding.ToDepthMetres(Img("16UC1", 3, 1, 6, big, bigEndian: 1)));
        Assert.Equal(expected, ImageDecoding.ToDepthMetres(Img("mono16", 3, 1, 6, big, bigEndian: 1)));
    }

    [Fact]
    public void Depth_16UC1_honours_scale_and_padded_rows()
    {
        // 2x2, step 5 (odd: rows start unaligned), value 1000 with 0.1 mm units = 0.1 m, 2500 (0x09C4) = 0.25 m.
        byte[] data = [0xE8, 0x03, 0xC4, 0x09, 7, 0xC4, 0x09, 0xE8, 0x03, 7];
        Assert.Equal([0.1f, 0.25f, 0.25f, 0.1f], ImageDecoding.ToDepthMetres(Img("16UC1", 2, 2, 5, data), scale16: 0.0001));
    }

    [Fact]
    public void Depth_32FC1_is_metres_and_invalid_values_become_zero()
    {
        // 1.5f = 0x3FC00000. NaN, +inf, -inf and -2 map to 0.
        float[] values = [1.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, -2f, 0f];
        var little = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, little, 0, little.Length);
        Assert.Equal([1.5f, 0, 0, 0, 0, 0], ImageDecoding.ToDepthMetres(Img("32FC1", 3, 2, 12, little)));

        byte[] big = [0x3F, 0xC0, 0x00, 0x00, 0x40, 0x20, 0x00, 0x00]; // 1.5, 2.5 big endian
        Assert.Equal([1.5f, 2.5f], ImageDecoding.ToDepthMetres(Img("32FC1", 2, 1, 8, big, bigEndian: 1)));
    }

    [Theory]
    [InlineData("yuv422")]
    [InlineData("16UC1")]
    [InlineData("")]
    public void Unsupported_colour_encodings_are_rejected(string encoding)
    {
        var e = Assert.Throws<InputRejectedException>(() => ImageDecoding.ToRgb(Img(encoding, 1, 1, 4, new byte[4])));
        Assert.Equal(InputRejection.Encoding, e.Reason);
        Assert.Contains("rgb8", e.Message);
    }

    [Fact]
    public void A_colour_encoding_on_the_depth_topic_is_rejected()
    {
        var e = Assert.Throws<InputRejectedException>(() => ImageDecoding.ToDepthMetres(Img("rgb8", 1, 1, 3, new byte[3])));
        Assert.Equal(InputRejection.Encoding, e.Reason);
        Assert.Contains("'rgb8'", e.Message);
    }

    [Fact]
    public void Inconsistent_sizes_are_rejected()
    {
        // Data shorter than step * height: 2x2 rgb8 with step 6 needs 12 bytes.
        var shortData = Assert.Throws<InputRejectedException>(() => ImageDecoding.ToRgb(Img("rgb8", 2, 2, 6, new byte[11])));
        Assert.Equal(InputRejection.Size, shortData.Reason);
        Assert.Contains("needs 12", shortData.Message);
        Assert.Contains("found 11", shortData.Message);

        // Step smaller than width * bytes a pixel: 16UC1 of width 3 needs 6.
        var step = Assert.Throws<InputRejectedException>(() => ImageDecoding.ToDepthMetres(Img("16UC1", 3, 1, 4, new byte[8])));
        Assert.Equal(InputRejection.Size, step.Reason);
        Assert.Contains("at least 6", step.Message);

        var empty = Assert.Throws<InputRejectedException>(() => ImageDecoding.ToRgb(Img("rgb8", 0, 2, 0, [])));
        Assert.Equal(InputRejection.Size, empty.Reason);
    }

    [Fact]
    public void The_16_bit_scale_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageDecoding.ToDepthMetres(Img("16UC1", 1, 1, 2, new byte[2]), 0));
    }
}
