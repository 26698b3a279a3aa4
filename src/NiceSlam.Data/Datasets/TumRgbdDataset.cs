using System.Text.RegularExpressions;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Core.Slam;
using NiceSlam.Data.Images;
using NiceSlam.Data.Trajectories;

namespace NiceSlam.Data.Datasets;

/// <summary>Options of <see cref="TumRgbdDataset"/>.</summary>
public sealed record TumRgbdOptions
{
    /// <summary>Max |t_rgb - t_depth| of an associated pair, seconds (associate.py's default 0.02).</summary>
    public double MaxAssociationDifference { get; init; } = TumAssociation.DefaultMaxDifference;

    public GroundTruthMatching GroundTruthMatching { get; init; } = GroundTruthMatching.Nearest;

    /// <summary>Max time between a frame and the ground-truth pose(s) it takes, seconds.</summary>
    public double MaxGroundTruthDifference { get; init; } = GroundTruthMatcher.DefaultMaxDifference;

    /// <summary>Explicit intrinsics of the raw images; wins over a camera file and the fr1/fr2/fr3 defaults.</summary>
    public CameraIntrinsics? Intrinsics { get; init; }

    /// <summary>Ground-truth file, relative to the folder or absolute; default groundtruth.txt, else truth_cam_poses.txt.</summary>
    public string? GroundTruthFile { get; init; }

    /// <summary>Camera YAML, relative to the folder or absolute; default camera.yaml/.yml, else the folder's only *.yaml/*.yml.</summary>
    public string? CameraFile { get; init; }

    /// <summary>Raw depth units per metre; default the camera file's DepthMapFactor / depth_scale, else 5000.</summary>
    public double? DepthScale { get; init; }
}

/// <summary>
/// A folder in the TUM RGB-D benchmark layout: rgb.txt and depth.txt ("timestamp path" lists), the images they
/// name, and optionally groundtruth.txt (TUM trajectory, camera-to-world). Colour and depth are paired with
/// associate.py's rule (<see cref="TumAssociation"/>); frames are the pairs in rgb-stamp order and carry the rgb stamp.
/// Depth PNGs are 16-bit, 5000 units a metre. Intrinsics come from <see cref="TumRgbdOptions.Intrinsics"/>, else a
/// camera YAML in the folder (<see cref="CameraYaml"/>), else the published fr1/fr2/fr3 calibration detected from
/// the folder name (freiburg1 / fr1 ...); otherwise construction fails and says how to give them.
///
/// Ground truth: by stamp (<see cref="GroundTruthMatcher"/>, nearest or interpolated). When not a single frame
/// matches by stamp and the ground-truth file has exactly as many poses as there are frames, the poses are paired
/// by order instead (the i-th pose for the i-th frame): this is the keyframe-extract layout whose lists use frame
/// indices as stamps while the pose file keeps the original times (e.g. fr3/cabinet kf58). When the counts differ
/// but every frame stamp is a whole number below the pose count (such an extract holding only some of its frames,
/// say 300-999, or with gaps), the frame stamped N takes the N-th pose (<see cref="GroundTruthMatching.ByIndex"/>).
/// <see cref="GroundTruthMatching.ByOrder"/> and <see cref="GroundTruthMatching.ByIndex"/> ask for these pairings explicitly. <see cref="GroundTruthMatchingUsed"/>
/// says which rule was applied.
/// </summary>
public sealed class TumRgbdDataset : IRgbdDataset
{
    public const double DefaultDepthScale = 5000;

    private static readonly Regex FreiburgPattern = new(@"(?<![a-z])(?:freiburg|fr)([123])(?![0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private readonly (TumFileEntry Rgb, TumFileEntry Depth)[] pairs;
    private readonly RigidTransform?[] groundTruth;

    public TumRgbdDataset(string folder, TumRgbdOptions? options = null)
    {
        options ??= new TumRgbdOptions();
        if (!Directory.Exists(folder)) throw new DatasetException(folder, "dataset folder not found");
        Folder = Path.GetFullPath(folder);
        string folderName = Path.GetFileName(Folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        Name = "tum:" + folderName;

        var rgb = TumAssociation.ReadFileList(Path.Combine(Folder, "rgb.txt"));
        var depth = TumAssociation.ReadFileList(Path.Combine(Folder, "depth.txt"));
        var matched = TumAssociation.Associate(rgb.Select(e => e.Timestamp).ToArray(), depth.Select(e => e.Timestamp).ToArray(),
            options.MaxAssociationDifference);
        if (matched.Count == 0)
            throw new DatasetException(Path.Combine(Folder, "rgb.txt"),
                $"no colour image has a depth image within {options.MaxAssociationDifference} s ({rgb.Count} colour, {depth.Count} depth entries)");
        pairs = matched.Select(p => (rgb[p.RgbIndex], depth[p.DepthIndex])).ToArray();

        var camera = LocateCameraFile(options) is { } cameraPath ? CameraYaml.Read(cameraPath) : null;
        CameraFile = camera?.Source;
        DepthScale = options.DepthScale ?? camera?.DepthScale ?? DefaultDepthScale;
        RollingShutterReadout = FreiburgPattern.IsMatch(folderName) ? OdometryOptions.KinectReadout : 0;
        Intrinsics = options.Intrinsics ?? IntrinsicsFromCamera(camera) ?? DefaultIntrinsics(folderName)
            ?? throw new DatasetException(Folder,
                "no intrinsics: no camera YAML in the folder, the folder name names no TUM camera (freiburg1/2/3, fr1/2/3), "
                + "and none were given (TumRgbdOptions.Intrinsics or CameraFile)");

        groundTruth = new RigidTransform?[pairs.Length];
        GroundTruthMatchingUsed = options.GroundTruthMatching;
        if (LocateGroundTruth(options) is { } gtPath)
        {
            GroundTruthPath = gtPath;
            MatchGroundTruth(TumTrajectoryFile.Read(gtPath), gtPath, options);
        }
        FramesWithGroundTruth = groundTruth.Count(p => p is not null);
    }

    public string Name { get; }

    public string Folder { get; }

    public int Count => pairs.Length;

    public CameraIntrinsics Intrinsics { get; }

    /// <summary>The Kinect's (fr1, fr2) or Asus Xtion's (fr3) readout time when the folder names a Freiburg camera
    /// (the benchmark's ground truth is motion capture, external to the images), else 0.</summary>
    public double RollingShutterReadout { get; }

    public bool HasGroundTruth => FramesWithGroundTruth > 0;

    /// <summary>Raw depth units per metre.</summary>
    public double DepthScale { get; }

    /// <summary>The camera YAML used, if any.</summary>
    public string? CameraFile { get; }

    /// <summary>The ground-truth file read, if any.</summary>
    public string? GroundTruthPath { get; }

    /// <summary>The rule that gave the frames their ground truth (ByOrder after the fallback described above).</summary>
    public GroundTruthMatching GroundTruthMatchingUsed { get; private set; }

    public int FramesWithGroundTruth { get; }

    /// <summary>The associated colour and depth entries of frame <paramref name="index"/>.</summary>
    public (TumFileEntry Rgb, TumFileEntry Depth) Association(int index) => pairs[CheckIndex(index)];

    public double Timestamp(int index) => pairs[CheckIndex(index)].Rgb.Timestamp;

    public RigidTransform? GroundTruth(int index) => groundTruth[CheckIndex(index)];

    public RgbdFrame ReadFrame(int index)
    {
        var (rgbEntry, depthEntry) = pairs[CheckIndex(index)];
        var (rgb, depth) = ImageReader.ReadPair(Path.Combine(Folder, rgbEntry.RelativePath), Path.Combine(Folder, depthEntry.RelativePath),
            DepthScale, Intrinsics);
        return new RgbdFrame(index, rgbEntry.Timestamp, rgb, depth, Intrinsics, groundTruth[index]);
    }

    /// <summary>The published calibration of the TUM camera named in <paramref name="folderName"/> (640x480), or null.</summary>
    public static CameraIntrinsics? DefaultIntrinsics(string folderName)
    {
        var match = FreiburgPattern.Match(folderName);
        if (!match.Success) return null;
        return match.Groups[1].Value switch
        {
            "1" => new CameraIntrinsics(640, 480, 517.3, 516.5, 318.6, 255.3, [0.2624, -0.9531, -0.0054, 0.0026, 1.1633]),
            "2" => new CameraIntrinsics(640, 480, 520.9, 521.0, 325.1, 249.7, [0.2312, -0.7849, -0.0033, -0.0001, 0.9172]),
            _ => new CameraIntrinsics(640, 480, 535.4, 539.2, 320.1, 247.6),
        };
    }

    private int CheckIndex(int index)
    {
        if ((uint)index >= (uint)pairs.Length) throw new ArgumentOutOfRangeException(nameof(index), $"frame {index} of {pairs.Length}");
        return index;
    }

    private CameraIntrinsics? IntrinsicsFromCamera(CameraCalibration? camera)
    {
        if (camera is null) return null;
        if (camera.HasSize) return camera.ToIntrinsics();
        // The file gives no size: take the first frame's depth image.
        var first = ImageReader.ReadDepth(Path.Combine(Folder, pairs[0].Depth.RelativePath), DepthScale);
        return camera.ToIntrinsics(first.Width, first.Height);
    }

    private string? LocateCameraFile(TumRgbdOptions options)
    {
        if (options.CameraFile is { } given)
        {
            string path = Path.Combine(Folder, given);
            if (!File.Exists(path)) throw new DatasetException(path, "camera file not found");
            return path;
        }
        foreach (string name in (string[])["camera.yaml", "camera.yml"])
            if (File.Exists(Path.Combine(Folder, name))) return Path.Combine(Folder, name);
        var yamls = Directory.EnumerateFiles(Folder, "*.yaml").Concat(Directory.EnumerateFiles(Folder, "*.yml")).Order(StringComparer.Ordinal).ToArray();
        if (yamls.Length == 1) return yamls[0];
        if (yamls.Length > 1 && options.Intrinsics is null)
            throw new DatasetException(Folder,
                $"several camera files ({string.Join(", ", yamls.Select(Path.GetFileName))}): name one with TumRgbdOptions.CameraFile");
        return null;
    }

    private string? LocateGroundTruth(TumRgbdOptions options)
    {
        if (options.GroundTruthFile is { } given)
        {
            string path = Path.Combine(Folder, given);
            if (!File.Exists(path)) throw new DatasetException(path, "ground-truth file not found");
            return path;
        }
        foreach (string name in (string[])["groundtruth.txt", "truth_cam_poses.txt"])
            if (File.Exists(Path.Combine(Folder, name))) return Path.Combine(Folder, name);
        return null;
    }

    private void MatchGroundTruth(Trajectory trajectory, string path, TumRgbdOptions options)
    {
        switch (options.GroundTruthMatching)
        {
            case GroundTruthMatching.ByOrder:
                if (trajectory.Count != pairs.Length)
                    throw new DatasetException(path, $"ByOrder ground truth needs one pose a frame: {trajectory.Count} poses, {pairs.Length} frames");
                AssignByOrder(trajectory);
                return;
            case GroundTruthMatching.ByIndex:
                if (!StampsAreIndices(trajectory.Count))
                    throw new DatasetException(path, $"ByIndex ground truth needs whole-number frame stamps below the {trajectory.Count} poses");
                AssignByIndex(trajectory);
                return;
        }
        var matcher = new GroundTruthMatcher(trajectory, options.MaxGroundTruthDifference);
        for (int i = 0; i < pairs.Length; i++) groundTruth[i] = matcher.Match(pairs[i].Rgb.Timestamp, options.GroundTruthMatching);
        if (groundTruth.Any(p => p is not null)) return;
        if (trajectory.Count == pairs.Length)
        {
            AssignByOrder(trajectory);
            GroundTruthMatchingUsed = GroundTruthMatching.ByOrder;
        }
        else if (StampsAreIndices(trajectory.Count))
        {
            AssignByIndex(trajectory);
            GroundTruthMatchingUsed = GroundTruthMatching.ByIndex;
        }
    }

    private void AssignByOrder(Trajectory trajectory)
    {
        for (int i = 0; i < pairs.Length; i++) groundTruth[i] = trajectory[i].Pose;
    }

    /// <summary>True when every frame stamp is a whole number in [0, <paramref name="poses"/>).</summary>
    private bool StampsAreIndices(int poses) =>
        pairs.All(p => p.Rgb.Timestamp >= 0 && p.Rgb.Timestamp < poses && p.Rgb.Timestamp == Math.Floor(p.Rgb.Timestamp));

    private void AssignByIndex(Trajectory trajectory)
    {
        for (int i = 0; i < pairs.Length; i++) groundTruth[i] = trajectory[(int)pairs[i].Rgb.Timestamp].Pose;
    }
}
