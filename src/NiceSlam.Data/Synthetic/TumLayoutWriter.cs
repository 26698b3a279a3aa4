using System.Globalization;
using System.Text;
using NiceSlam.Data.Datasets;
using NiceSlam.Data.Images;
using NiceSlam.Data.Trajectories;
using OpenCvSharp;

namespace NiceSlam.Data.Synthetic;

/// <summary>
/// Writes any <see cref="IRgbdDataset"/> to a folder in the TUM RGB-D layout: rgb/&lt;stamp&gt;.png (8-bit colour),
/// depth/&lt;stamp&gt;.png (16-bit, metres × 5000, 0 = invalid), rgb.txt and depth.txt (with TUM's '#' header
/// lines), groundtruth.txt (when the dataset has ground truth) and camera.yaml with the intrinsics. Stamps are
/// written with 6 decimals.
/// </summary>
public static class TumLayoutWriter
{
    /// <summary>Depth PNG units a metre (TUM's factor).</summary>
    public const double DepthScale = 5000;

    public const string CameraFileName = "camera.yaml";

    /// <summary>Writes the first <paramref name="maxFrames"/> frames (all when null) of <paramref name="dataset"/>
    /// under <paramref name="folder"/> (created if needed; existing files of the same names are overwritten) and
    /// returns the number of frames written.</summary>
    public static int Write(IRgbdDataset dataset, string folder, int? maxFrames = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        OpenCvRuntime.EnsureLoaded();
        int count = Math.Min(dataset.Count, maxFrames ?? int.MaxValue);
        Directory.CreateDirectory(Path.Combine(folder, "rgb"));
        Directory.CreateDirectory(Path.Combine(folder, "depth"));
        var rgbList = new StringBuilder();
        var depthList = new StringBuilder();
        var poses = new List<StampedPose>();
        var stamps = new HashSet<string>(StringComparer.Ordinal);
        string source = dataset.Name;
        rgbList.Append("# color images\n").Append(CultureInfo.InvariantCulture, $"# file: '{source}'\n").Append("# timestamp filename\n");
        depthList.Append("# depth maps\n").Append(CultureInfo.InvariantCulture, $"# file: '{source}'\n").Append("# timestamp filename\n");

        for (int i = 0; i < count; i++)
        {
            var frame = dataset.ReadFrame(i);
            string stamp = frame.Timestamp.ToString("F6", CultureInfo.InvariantCulture);
            if (!stamps.Add(stamp))
                throw new DatasetException(folder, $"frames {i} and an earlier one share the stamp {stamp} at 6 decimals");
            string rgbName = $"rgb/{stamp}.png", depthName = $"depth/{stamp}.png";
            WriteColour(Path.Combine(folder, rgbName), frame.Rgb, frame.Width, frame.Height);
            WriteDepth(Path.Combine(folder, depthName), frame.Depth, frame.Width, frame.Height);
            rgbList.Append(CultureInfo.InvariantCulture, $"{stamp} {rgbName}\n");
            depthList.Append(CultureInfo.InvariantCulture, $"{stamp} {depthName}\n");
            if (frame.GroundTruthPose is { } pose) poses.Add(new StampedPose(double.Parse(stamp, CultureInfo.InvariantCulture), pose));
            progress?.Report(i + 1);
        }

        File.WriteAllText(Path.Combine(folder, "rgb.txt"), rgbList.ToString());
        File.WriteAllText(Path.Combine(folder, "depth.txt"), depthList.ToString());
        if (dataset.HasGroundTruth && poses.Count > 0)
            TumTrajectoryFile.Write(Path.Combine(folder, "groundtruth.txt"), poses, $"ground truth trajectory\nfile: '{source}'");
        File.WriteAllText(Path.Combine(folder, CameraFileName), CameraYaml(dataset.Intrinsics));
        return count;
    }

    /// <summary>The intrinsics as simple YAML: width, height, fx, fy, cx, cy, distortion, depth_scale.</summary>
    public static string CameraYaml(Core.Geometry.CameraIntrinsics k)
    {
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var s = new StringBuilder();
        s.Append("# pinhole intrinsics of rgb/ and depth/ (pixel centres at integers; depth png = metres * depth_scale)\n");
        s.Append(CultureInfo.InvariantCulture, $"width: {k.Width}\n");
        s.Append(CultureInfo.InvariantCulture, $"height: {k.Height}\n");
        s.Append($"fx: {F(k.Fx)}\nfy: {F(k.Fy)}\ncx: {F(k.Cx)}\ncy: {F(k.Cy)}\n");
        s.Append("distortion: [").Append(string.Join(", ", k.Distortion.Select(F))).Append("]\n");
        s.Append($"depth_scale: {F(DepthScale)}\n");
        return s.ToString();
    }

    /// <summary>Depth in metres -> 16-bit PNG units: round(d · 5000) clamped to 65535; 0 (and non-finite) stays 0.</summary>
    public static ushort ToDepthUnits(float metres) =>
        !(metres > 0) || !float.IsFinite(metres) ? (ushort)0 : (ushort)Math.Min(65535, Math.Round(metres * DepthScale, MidpointRounding.AwayFromZero));

    private static void WriteColour(string path, byte[] rgb, int width, int height)
    {
        using var mat = Mat.FromPixelData(height, width, MatType.CV_8UC3, rgb);
        using var bgr = new Mat();
        Cv2.CvtColor(mat, bgr, ColorConversionCodes.RGB2BGR);
        if (!Cv2.ImWrite(path, bgr)) throw new DatasetException(path, "OpenCV could not write the colour image");
    }

    private static void WriteDepth(string path, float[] depth, int width, int height)
    {
        var units = new ushort[depth.Length];
        for (int i = 0; i < depth.Length; i++) units[i] = ToDepthUnits(depth[i]);
        using var mat = Mat.FromPixelData(height, width, MatType.CV_16UC1, units);
        if (!Cv2.ImWrite(path, mat)) throw new DatasetException(path, "OpenCV could not write the depth image");
    }
}
