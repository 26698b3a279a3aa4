using System.Globalization;
using System.Text.RegularExpressions;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Images;

namespace NiceSlam.Data.Datasets;

/// <summary>
/// A Microsoft 7-Scenes sequence folder: frame-NNNNNN.color.(jpg|png), frame-NNNNNN.depth.png (16-bit
/// millimetres; 0 and 65535 are invalid), frame-NNNNNN.pose.txt (4x4 camera-to-world, KinectFusion pseudo ground
/// truth), and camera-intrinsics.txt (3x3 K) when present, else fx = fy = 585, cx = 320, cy = 240. Frames are the
/// colour files in frame-number order, whatever number the sequence starts at and with any gaps (an excerpt such as
/// frames 300-999 reads as it is); the timestamp is frame number / 30 s, so gaps keep their time.
/// <para>7-Scenes' colour and depth come from the Kinect v1's two cameras and are not registered: the intrinsics
/// the dataset gives are the depth camera's, and the colour camera sees a wider field (focal 525 px against 585 at
/// 640x480). Paired pixel for pixel, the colour would be scaled by 585/525 about the centre relative to the depth,
/// and the odometry's photometric term would underestimate every rotation by about a tenth. The reader therefore
/// registers each colour image to the depth camera (<see cref="ColorRegistration"/>) with
/// <see cref="ColorIntrinsics"/>: camera-intrinsics-color.txt (3x3 K) when present, else the depth intrinsics with
/// the focal lengths scaled by <see cref="KinectColorFocalRatio"/>. Frames carry the depth camera's
/// <see cref="Intrinsics"/>. A folder whose colour is already registered to depth can say so with a
/// camera-intrinsics-color.txt equal to camera-intrinsics.txt.</para>
/// </summary>
public sealed class SevenScenesDataset : IRgbdDataset
{
    public const double FrameRate = 30;
    public const double DepthScale = 1000;
    public const ushort InvalidDepthRaw = 65535;

    /// <summary>The colour camera's focal length over the depth camera's when the folder gives no colour intrinsics:
    /// the Kinect v1's colour camera has a focal length of 525 px at 640x480 (the value the literature uses for
    /// 7-Scenes colour), its depth camera 585 px (the dataset's intrinsics).</summary>
    public const double KinectColorFocalRatio = 525.0 / 585.0;

    private static readonly Regex ColorPattern = new(@"^frame-(\d+)\.color\.(jpg|png)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private readonly (int Number, string ColorPath)[] frames;
    private readonly bool[] hasPose;

    public SevenScenesDataset(string folder)
    {
        if (!Directory.Exists(folder)) throw new DatasetException(folder, "dataset folder not found");
        Folder = Path.GetFullPath(folder);
        Name = "7scenes:" + Path.GetFileName(Folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        frames = Directory.EnumerateFiles(Folder, "frame-*.color.*")
            .Select(p => (Match: ColorPattern.Match(Path.GetFileName(p)), Path: p))
            .Where(m => m.Match.Success)
            .Select(m => (FrameNumber(m.Match.Groups[1].Value, m.Path), m.Path))
            .OrderBy(f => f.Item1)
            .ToArray();
        if (frames.Length == 0) throw new DatasetException(Folder, "no frame-NNNNNN.color.jpg/png files");
        for (int i = 1; i < frames.Length; i++)
            if (frames[i].Number == frames[i - 1].Number)
                throw new DatasetException(frames[i].ColorPath, $"frame {frames[i].Number} has two colour images");

        var first = ImageReader.ReadColor(frames[0].ColorPath);
        Intrinsics = ReadIntrinsics(Path.Combine(Folder, "camera-intrinsics.txt"), first.Width, first.Height)
            ?? new CameraIntrinsics(first.Width, first.Height, 585, 585, 320, 240);
        ColorIntrinsics = ReadIntrinsics(Path.Combine(Folder, "camera-intrinsics-color.txt"), first.Width, first.Height)
            ?? new CameraIntrinsics(first.Width, first.Height, Intrinsics.Fx * KinectColorFocalRatio, Intrinsics.Fy * KinectColorFocalRatio, Intrinsics.Cx, Intrinsics.Cy);
        hasPose = frames.Select(f => File.Exists(PosePath(f.Number))).ToArray();
    }

    /// <summary>True when <paramref name="folder"/> holds at least one frame-N.color.jpg/png (whatever N).</summary>
    public static bool HasColorFrames(string folder) =>
        Directory.EnumerateFiles(folder, "frame-*.color.*").Any(p => ColorPattern.IsMatch(Path.GetFileName(p)));

    /// <summary>A 3x3 K file's intrinsics for images of <paramref name="width"/> x <paramref name="height"/>; null
    /// when the file does not exist.</summary>
    private static CameraIntrinsics? ReadIntrinsics(string path, int width, int height)
    {
        if (!File.Exists(path)) return null;
        var k = MatrixText.Read(path, 9);
        try { return new CameraIntrinsics(width, height, k[0], k[4], k[2], k[5]); }
        catch (ArgumentException e) { throw new DatasetException(path, e.Message, inner: e); }
    }

    /// <summary>The number in a frame file name; one too large for a frame index is an error naming the file.</summary>
    internal static int FrameNumber(string digits, string path) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            ? number
            : throw new DatasetException(path, $"frame number {digits} is out of range");

    public string Name { get; }

    public string Folder { get; }

    public int Count => frames.Length;

    /// <summary>The depth camera's intrinsics, which frames carry (their colour is registered to it).</summary>
    public CameraIntrinsics Intrinsics { get; }

    /// <summary>None, though the camera is a Kinect whose readout takes about 28 ms: the dataset's poses are
    /// KinectFusion's, tracked with no rolling-shutter model, and an odometry that models it disagrees with them by
    /// the shear they leave in (0-299: 1.80 cm against 1.68 cm without). Set
    /// <see cref="Core.Slam.OdometryOptions.RollingShutterReadout"/> for the camera's own motion.</summary>
    public double RollingShutterReadout => 0;

    /// <summary>The colour camera's intrinsics, from which <see cref="ReadFrame"/> registers the colour to the depth
    /// camera (see the class summary).</summary>
    public CameraIntrinsics ColorIntrinsics { get; }

    /// <summary>True when at least one frame has its pose file (frames without one have no ground truth).</summary>
    public bool HasGroundTruth => hasPose.Any(h => h);

    /// <summary>The frame number in the file names of frame <paramref name="index"/>.</summary>
    public int FrameNumber(int index) => frames[CheckIndex(index)].Number;

    public RgbdFrame ReadFrame(int index)
    {
        var (number, colorPath) = frames[CheckIndex(index)];
        var (rgb, depth) = ImageReader.ReadPair(colorPath, Path.Combine(Folder, $"frame-{number:D6}.depth.png"), DepthScale, Intrinsics, InvalidDepthRaw);
        if (ColorIntrinsics != Intrinsics) rgb = ColorRegistration.ToDepthCamera(rgb, ColorIntrinsics, Intrinsics);
        RigidTransform? pose = hasPose[index] ? MatrixText.ReadPose(PosePath(number)) : null;
        return new RgbdFrame(index, number / FrameRate, rgb, depth, Intrinsics, pose);
    }

    private string PosePath(int number) => Path.Combine(Folder, $"frame-{number:D6}.pose.txt");

    private int CheckIndex(int index)
    {
        if ((uint)index >= (uint)frames.Length) throw new ArgumentOutOfRangeException(nameof(index), $"frame {index} of {frames.Length}");
        return index;
    }
}
