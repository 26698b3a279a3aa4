using System.Globalization;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Images;

namespace NiceSlam.Data.Datasets;

/// <summary>
/// A ScanNet scene as exported by its SensReader: color/N.jpg, depth/N.png (16-bit millimetres), pose/N.txt (4x4
/// camera-to-world) and intrinsic/intrinsic_color.txt (4x4, fx fy cx cy of the colour camera). Frames are the
/// colour files in numeric order; frame N is at N / 30 s.
///
/// Colour (1296x968) and depth (640x480) differ in size. As NICE-SLAM does, the colour image is resized to the
/// depth size (INTER_AREA) and the colour intrinsics are scaled per axis to that size; <see cref="Intrinsics"/> is
/// at depth size. Some ScanNet poses are "-inf" (tracking lost): those frames have no ground truth and are counted
/// in <see cref="InvalidPoseCount"/>.
/// </summary>
public sealed class ScanNetDataset : IRgbdDataset
{
    public const double DepthScale = 1000;
    public const double FrameRate = 30;

    private readonly (int Number, string ColorPath)[] frames;
    private readonly RigidTransform?[] poses;

    public ScanNetDataset(string folder)
    {
        if (!Directory.Exists(folder)) throw new DatasetException(folder, "dataset folder not found");
        Folder = Path.GetFullPath(folder);
        Name = "scannet:" + Path.GetFileName(Folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        string colorDir = Path.Combine(Folder, "color");
        if (!Directory.Exists(colorDir)) throw new DatasetException(colorDir, "colour folder not found");
        frames = Directory.EnumerateFiles(colorDir, "*.jpg")
            .Select(p => (Ok: int.TryParse(Path.GetFileNameWithoutExtension(p), NumberStyles.None, CultureInfo.InvariantCulture, out int n), n, p))
            .Where(f => f.Ok)
            .Select(f => (f.n, f.p))
            .OrderBy(f => f.n)
            .ToArray();
        if (frames.Length == 0) throw new DatasetException(colorDir, "no N.jpg colour images");

        string intrinsicPath = Path.Combine(Folder, "intrinsic", "intrinsic_color.txt");
        var k = MatrixText.Read(intrinsicPath, 16);
        var color = ImageReader.ReadColor(frames[0].ColorPath);
        var depth = ImageReader.ReadDepth(DepthPath(frames[0].Number), DepthScale);
        try
        {
            ColorIntrinsics = new CameraIntrinsics(color.Width, color.Height, k[0], k[5], k[2], k[6]);
        }
        catch (ArgumentException e) { throw new DatasetException(intrinsicPath, e.Message, inner: e); }
        Intrinsics = ColorIntrinsics.Resized(depth.Width, depth.Height);

        poses = new RigidTransform?[frames.Length];
        string poseDir = Path.Combine(Folder, "pose");
        if (Directory.Exists(poseDir))
        {
            for (int i = 0; i < frames.Length; i++)
            {
                string path = Path.Combine(poseDir, $"{frames[i].Number}.txt");
                if (!File.Exists(path)) { InvalidPoseCount++; continue; }
                double[] m = MatrixText.Read(path, 16);
                if (m.Any(v => !double.IsFinite(v))) { InvalidPoseCount++; continue; }
                poses[i] = MatrixText.ToPose(m, path, null);
            }
        }
    }

    public string Name { get; }

    public string Folder { get; }

    public int Count => frames.Length;

    /// <summary>Intrinsics of the frames (depth size, colour resized to it).</summary>
    public CameraIntrinsics Intrinsics { get; }

    /// <summary>Intrinsics of the original colour images.</summary>
    public CameraIntrinsics ColorIntrinsics { get; }

    public bool HasGroundTruth => poses.Any(p => p is not null);

    /// <summary>Frames whose pose is missing or non-finite ("-inf" in ScanNet): no ground truth for them.</summary>
    public int InvalidPoseCount { get; }

    public RgbdFrame ReadFrame(int index)
    {
        if ((uint)index >= (uint)frames.Length) throw new ArgumentOutOfRangeException(nameof(index), $"frame {index} of {frames.Length}");
        var (number, colorPath) = frames[index];
        var (rgb, depth) = ImageReader.ReadPair(colorPath, DepthPath(number), DepthScale, Intrinsics, resizeColorToDepth: true);
        return new RgbdFrame(index, number / FrameRate, rgb, depth, Intrinsics, poses[index]);
    }

    private string DepthPath(int number) => Path.Combine(Folder, "depth", $"{number}.png");
}
