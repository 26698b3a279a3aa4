using NiceSlam.Messages.SensorMsgs;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Node.Tests.Input;

/// <summary>Small hand-made sensor messages for the input tests.</summary>
internal static class TestMessages
{
    public static Time Ms(long milliseconds) => Time.FromNanoseconds(milliseconds * 1_000_000);

    /// <summary>A rgb8 image whose every pixel is (10, 20, 30), unpadded.</summary>
    public static Image Colour(long ms, uint width = 2, uint height = 2, string encoding = "rgb8")
    {
        var data = new byte[width * height * 3];
        for (int i = 0; i < data.Length; i += 3) { data[i] = 10; data[i + 1] = 20; data[i + 2] = 30; }
        return new Image { Header = new Header(Ms(ms), "camera_color_optical_frame"), Width = width, Height = height, Encoding = encoding, Step = width * 3, Data = data };
    }

    /// <summary>A little-endian 16UC1 image whose every pixel is <paramref name="millimetres"/>.</summary>
    public static Image Depth(long ms, uint width = 2, uint height = 2, ushort millimetres = 1000)
    {
        var data = new byte[width * height * 2];
        for (int i = 0; i < data.Length; i += 2) { data[i] = (byte)(millimetres & 0xFF); data[i + 1] = (byte)(millimetres >> 8); }
        return new Image { Header = new Header(Ms(ms), "camera_color_optical_frame"), Width = width, Height = height, Encoding = "16UC1", Step = width * 2, Data = data };
    }

    /// <summary>Calibration of a <paramref name="width"/> x <paramref name="height"/> camera with fx = fy = 2, cx = 0.5, cy = 0.5.</summary>
    public static CameraInfo Info(uint width = 2, uint height = 2) => new()
    {
        Header = new Header(Ms(0), "camera_color_optical_frame"),
        Width = width,
        Height = height,
        DistortionModel = "plumb_bob",
        D = [0, 0, 0, 0, 0],
        K = [2, 0, 0.5, 0, 2, 0.5, 0, 0, 1],
    };
}
