using System.Buffers.Binary;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Images;
using NiceSlam.Data.Tests.Datasets;

namespace NiceSlam.Data.Tests.Images;

/// <summary>PNG and JPEG headers are checked before OpenCV allocates what they claim.</summary>
public class ImageHeaderCheckTests
{
    [Fact]
    public void ValidImagesPass()
    {
        using var fx = new DatasetFixture();
        Assert.Null(ImageHeaderCheck.Problem(File.ReadAllBytes(fx.Color("a.png"))));
        Assert.Null(ImageHeaderCheck.Problem(File.ReadAllBytes(fx.Color("a.jpg"))));
        Assert.Null(ImageHeaderCheck.Problem(File.ReadAllBytes(fx.Depth("d.png"))));
        Assert.Null(ImageHeaderCheck.Problem("BM not checked"u8));
    }

    [Fact]
    public void APngChunkClaimingMoreThanTheFileIsRefusedByTheReader()
    {
        using var fx = new DatasetFixture();
        byte[] png = File.ReadAllBytes(fx.Depth("d.png"));
        // The IEND chunk (last 12 bytes) claims 2 GB: OpenCV's PNG reader would allocate it.
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(png.Length - 12), 0x84A3_0000);
        Assert.Contains("chunk 'IEND'", ImageHeaderCheck.Problem(png));
        string path = fx.Bytes("bad.png", png);
        var e = Assert.Throws<DatasetException>(() => ImageReader.ReadDepth(path, 1000));
        Assert.Equal(path, e.Path);
        Assert.Contains("claims 2225274880 bytes", e.Message);
    }

    [Fact]
    public void HugeImageSizesAreRefused()
    {
        using var fx = new DatasetFixture();
        byte[] png = File.ReadAllBytes(fx.Depth("d.png"));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), 30000);   // IHDR width
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), 30000);   // IHDR height
        Assert.Contains("30000x30000", ImageHeaderCheck.Problem(png));

        byte[] jpeg = File.ReadAllBytes(fx.Color("c.jpg"));
        int sof = Enumerable.Range(2, jpeg.Length - 3).First(i => jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC2);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 60000);  // height
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 60000);  // width
        Assert.Contains("60000x60000", ImageHeaderCheck.Problem(jpeg));
        Assert.Throws<InvalidDataException>(() => CompressedImageDecoder.DecodeRgb(jpeg));
    }

    [Fact]
    public void TruncatedAndEmptyFilesAreNamed()
    {
        using var fx = new DatasetFixture();
        byte[] png = File.ReadAllBytes(fx.Color("a.png"));
        Assert.Contains("truncated", ImageHeaderCheck.Problem(png.AsSpan(0, png.Length - 20)));
        string empty = fx.Bytes("empty.png", []);
        Assert.Contains("empty", Assert.Throws<DatasetException>(() => ImageReader.ReadColor(empty)).Message);
    }
}
