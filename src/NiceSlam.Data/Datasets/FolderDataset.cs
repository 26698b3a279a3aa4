using System.Globalization;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Images;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Data.Datasets;

/// <summary>
/// A plain folder for one's own recordings (e.g. a RealSense): camera.yaml (<see cref="CameraYaml"/>), rgb/ with
/// colour images (.png/.jpg/.jpeg) and depth/ with 16-bit .png depth, paired by file stem (both folders must hold the
/// same stems), and optionally groundtruth.txt (TUM trajectory format, matched by stamp like a TUM folder).
///
/// Depth scale: the YAML's depth_scale (or DepthMapFactor), else 1000 (millimetres, the RealSense default).
/// Timestamps: when every stem is a decimal number with a fractional part ("1305031229.528748"), the stem in
/// seconds; when every stem is a whole number ("000042", "42"), it is a frame number (not seconds, on purpose) and
/// frame N is at N / fps, fps from the YAML, default 30, so a recording may start at any number and have gaps;
/// otherwise (names) the i-th frame in ordinal name order is at i / fps. Frames are in stamp or number order
/// ("9" before "10"), else in ordinal name order.
/// </summary>
public sealed class FolderDataset : IRgbdDataset
{
    public const double DefaultDepthScale = 1000;
    public const double DefaultFps = 30;

    private static readonly string[] ColorExtensions = [".png", ".jpg", ".jpeg"];

    private readonly (string Stem, string ColorPath, string DepthPath, double Timestamp)[] frames;
    private readonly RigidTransform?[] groundTruth;

    public FolderDataset(string folder, GroundTruthMatching matching = GroundTruthMatching.Nearest,
        double maxGroundTruthDifference = GroundTruthMatcher.DefaultMaxDifference)
    {
        if (!Directory.Exists(folder)) throw new DatasetException(folder, "dataset folder not found");
        Folder = Path.GetFullPath(folder);
        Name = "folder:" + Path.GetFileName(Folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var camera = CameraYaml.Read(Path.Combine(Folder, "camera.yaml"));
        DepthScale = camera.DepthScale ?? DefaultDepthScale;
        Fps = camera.Fps ?? DefaultFps;

        var colors = Stems(Path.Combine(Folder, "rgb"), ColorExtensions);
        var depths = Stems(Path.Combine(Folder, "depth"), [".png"]);
        if (colors.Count == 0) throw new DatasetException(Path.Combine(Folder, "rgb"), "no colour images (.png/.jpg)");
        if (colors.Keys.Except(depths.Keys).FirstOrDefault() is { } noDepth)
            throw new DatasetException(colors[noDepth], $"no depth image depth/{noDepth}.png for this colour image");
        if (depths.Keys.Except(colors.Keys).FirstOrDefault() is { } noColor)
            throw new DatasetException(depths[noColor], $"no colour image rgb/{noColor}.png/.jpg for this depth image");

        var stamps = new Dictionary<string, double>();
        bool stamped = colors.Keys.All(s => s.Contains('.')
            && double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double t) && stamps.TryAdd(s, t));
        var numbers = new Dictionary<string, long>();
        bool numbered = !stamped && colors.Keys.All(s => s.Length > 0 && s.All(char.IsAsciiDigit)
            && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && numbers.TryAdd(s, n));
        if (numbered && numbers.GroupBy(p => p.Value).FirstOrDefault(g => g.Count() > 1) is { } same)
            throw new DatasetException(colors[same.First().Key], $"frame number {same.Key} appears twice ({string.Join(", ", same.Select(p => p.Key))})");
        var ordered = stamped ? colors.Keys.OrderBy(s => stamps[s]).ToArray()
            : numbered ? colors.Keys.OrderBy(s => numbers[s]).ToArray()
            : colors.Keys.Order(StringComparer.Ordinal).ToArray();
        frames = ordered.Select((s, i) => (s, colors[s], depths[s], stamped ? stamps[s] : numbered ? numbers[s] / Fps : i / Fps)).ToArray();

        var first = ImageReader.ReadDepth(frames[0].DepthPath, DepthScale);
        Intrinsics = camera.ToIntrinsics(first.Width, first.Height);

        groundTruth = new RigidTransform?[frames.Length];
        string gtPath = Path.Combine(Folder, "groundtruth.txt");
        if (File.Exists(gtPath))
        {
            var trajectory = TumTrajectoryFile.Read(gtPath);
            if (matching == GroundTruthMatching.ByOrder)
            {
                if (trajectory.Count != frames.Length)
                    throw new DatasetException(gtPath, $"ByOrder ground truth needs one pose a frame: {trajectory.Count} poses, {frames.Length} frames");
                for (int i = 0; i < frames.Length; i++) groundTruth[i] = trajectory[i].Pose;
            }
            else
            {
                var matcher = new GroundTruthMatcher(trajectory, maxGroundTruthDifference);
                for (int i = 0; i < frames.Length; i++) groundTruth[i] = matcher.Match(frames[i].Timestamp, matching);
            }
        }
    }

    public string Name { get; }

    public string Folder { get; }

    public int Count => frames.Length;

    public CameraIntrinsics Intrinsics { get; }

    public bool HasGroundTruth => groundTruth.Any(p => p is not null);

    /// <summary>Raw depth units per metre.</summary>
    public double DepthScale { get; }

    public double Fps { get; }

    /// <summary>The file stem of frame <paramref name="index"/>.</summary>
    public string Stem(int index) => frames[CheckIndex(index)].Stem;

    public RgbdFrame ReadFrame(int index)
    {
        var (_, colorPath, depthPath, timestamp) = frames[CheckIndex(index)];
        var (rgb, depth) = ImageReader.ReadPair(colorPath, depthPath, DepthScale, Intrinsics);
        return new RgbdFrame(index, timestamp, rgb, depth, Intrinsics, groundTruth[index]);
    }

    private int CheckIndex(int index)
    {
        if ((uint)index >= (uint)frames.Length) throw new ArgumentOutOfRangeException(nameof(index), $"frame {index} of {frames.Length}");
        return index;
    }

    private static Dictionary<string, string> Stems(string directory, string[] extensions)
    {
        if (!Directory.Exists(directory)) throw new DatasetException(directory, "folder not found");
        var stems = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            if (!extensions.Contains(Path.GetExtension(path).ToLowerInvariant())) continue;
            string stem = Path.GetFileNameWithoutExtension(path);
            if (!stems.TryAdd(stem, path)) throw new DatasetException(path, $"two images with the stem '{stem}' ({stems[stem]})");
        }
        return stems;
    }
}
