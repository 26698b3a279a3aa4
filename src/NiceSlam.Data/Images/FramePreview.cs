using System.Runtime.InteropServices;
using NiceSlam.Core.Frames;
using OpenCvSharp;

namespace NiceSlam.Data.Images;

/// <summary>Writes a frame as one PNG: colour on the left, depth (turbo colour map over its valid range, invalid
/// black) on the right; what a user looks at first to see that a dataset was read right.</summary>
public static class FramePreview
{
    /// <summary>Writes the preview, or returns why it could not (OpenCV's runtime missing, e.g. on a GPU machine with
    /// only the engine's libraries, or the file not writable): the preview is a convenience, never worth a run.</summary>
    public static string? TrySave(string path, RgbdFrame frame)
    {
        try
        {
            Save(path, frame);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return e.Message.Split('\n')[0];
        }
    }

    public static void Save(string path, RgbdFrame frame)
    {
        OpenCvRuntime.EnsureLoaded();
        int w = frame.Width, h = frame.Height;
        using var rgb = new Mat(h, w, MatType.CV_8UC3);
        Marshal.Copy(frame.Rgb, 0, rgb.Data, frame.Rgb.Length);
        using var bgr = new Mat();
        Cv2.CvtColor(rgb, bgr, ColorConversionCodes.RGB2BGR);

        using var depth = new Mat(h, w, MatType.CV_32FC1);
        Marshal.Copy(frame.Depth, 0, depth.Data, frame.Depth.Length);
        using var valid = new Mat();
        Cv2.Compare(depth, new Scalar(0), valid, CmpTypes.GT);
        Cv2.MinMaxLoc(depth, out double min, out double max, out _, out _, valid);
        if (!(max > min)) max = min + 1;
        using var scaled = new Mat();
        depth.ConvertTo(scaled, MatType.CV_8UC1, 255 / (max - min), -min * 255 / (max - min));
        using var coloured = new Mat();
        Cv2.ApplyColorMap(scaled, coloured, ColormapTypes.Turbo);
        using var black = new Mat(h, w, MatType.CV_8UC3, Scalar.All(0));
        black.CopyTo(coloured, ~valid);

        using var both = new Mat();
        Cv2.HConcat([bgr, coloured], both);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        if (!Cv2.ImWrite(path, both)) throw new IOException($"{path}: OpenCV could not write the preview");
    }
}
