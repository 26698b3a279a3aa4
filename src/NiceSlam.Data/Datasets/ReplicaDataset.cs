using System.Globalization;
using System.Text.RegularExpressions;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Images;

namespace NiceSlam.Data.Datasets;

/// <summary>
/// A Replica sequence in the layout NICE-SLAM distributes: results/frameNNNNNN.jpg, results/depthNNNNNN.png
/// (16-bit, 6553.5 units a metre) and traj.txt with one camera-to-world pose a line, 16 numbers of a row-major 4x4:
/// line N (from 0) is frame N, so a folder holding only some frames (frameNNNNNN from 300, or with gaps) takes the
/// poses of its frame numbers; a traj.txt with exactly one line per frame present is read in frame order instead.
/// Intrinsics: 1200x680, fx = fy = 600, cx = 599.5, cy = 339.5 (NICE-SLAM's Replica config) unless a camera YAML
/// is given (its depth scale, when stated, replaces 6553.5). Replica has no stamps: frameN is at N / 30 s.
///
/// Pose convention: traj.txt is already camera-to-world in the OpenCV optical frame (x right, y down, z forward).
/// NICE-SLAM's loader negates the y and z columns of the rotation (c2w[:3, 1] *= -1; c2w[:3, 2] *= -1) only to
/// reach its OpenGL-style renderer convention; our convention is the optical one, so this reader does not flip.
/// </summary>
public sealed class ReplicaDataset : IRgbdDataset
{
    public const double DefaultDepthScale = 6553.5;
    public const double FrameRate = 30;

    private static readonly Regex ColorPattern = new(@"^frame(\d+)\.jpg$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private readonly (int Number, string ColorPath)[] frames;
    private readonly RigidTransform[] poses;

    public ReplicaDataset(string folder, string? cameraFile = null)
    {
        if (!Directory.Exists(folder)) throw new DatasetException(folder, "dataset folder not found");
        Folder = Path.GetFullPath(folder);
        Name = "replica:" + Path.GetFileName(Folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        string results = Path.Combine(Folder, "results");
        if (!Directory.Exists(results)) throw new DatasetException(results, "results folder not found");
        frames = Directory.EnumerateFiles(results, "frame*")
            .Select(p => (Match: ColorPattern.Match(Path.GetFileName(p)), Path: p))
            .Where(m => m.Match.Success)
            .Select(m => (SevenScenesDataset.FrameNumber(m.Match.Groups[1].Value, m.Path), m.Path))
            .OrderBy(f => f.Item1)
            .ToArray();
        if (frames.Length == 0) throw new DatasetException(results, "no frameNNNNNN.jpg files");

        string trajectoryPath = Path.Combine(Folder, "traj.txt");
        var trajectory = ReadTrajectory(trajectoryPath);
        int last = frames[^1].Number;
        if (trajectory.Length > last)
            poses = [.. frames.Select(f => trajectory[f.Number])];           // line N is frame N
        else if (trajectory.Length == frames.Length)
            poses = trajectory;                                               // an excerpt's own trajectory, line i for frame i
        else
            throw new DatasetException(trajectoryPath,
                $"{trajectory.Length} poses for frames {frames[0].Number}-{last} ({frames.Length} frames): expected a pose a line for every frame number up to {last}, or one for each of the {frames.Length} frames");

        if (cameraFile is not null)
        {
            var camera = CameraYaml.Read(Path.Combine(Folder, cameraFile));
            DepthScale = camera.DepthScale ?? DefaultDepthScale;
            if (camera.HasSize) Intrinsics = camera.ToIntrinsics();
            else
            {
                var first = ImageReader.ReadColor(frames[0].ColorPath);
                Intrinsics = camera.ToIntrinsics(first.Width, first.Height);
            }
        }
        else
        {
            DepthScale = DefaultDepthScale;
            Intrinsics = new CameraIntrinsics(1200, 680, 600, 600, 599.5, 339.5);
        }
    }

    public string Name { get; }

    public string Folder { get; }

    public int Count => frames.Length;

    public CameraIntrinsics Intrinsics { get; }

    public bool HasGroundTruth => true;

    /// <summary>Raw depth units per metre.</summary>
    public double DepthScale { get; }

    public RgbdFrame ReadFrame(int index)
    {
        if ((uint)index >= (uint)frames.Length) throw new ArgumentOutOfRangeException(nameof(index), $"frame {index} of {frames.Length}");
        var (number, colorPath) = frames[index];
        var (rgb, depth) = ImageReader.ReadPair(colorPath, Path.Combine(Folder, "results", $"depth{number:D6}.png"), DepthScale, Intrinsics);
        return new RgbdFrame(index, number / FrameRate, rgb, depth, Intrinsics, poses[index]);
    }

    private static RigidTransform[] ReadTrajectory(string path)
    {
        if (!File.Exists(path)) throw new DatasetException(path, "trajectory file not found");
        var poses = new List<RigidTransform>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            double[] m = MatrixText.ParseLine(line, path, lineNumber);
            if (m.Length != 16) throw new DatasetException(path, $"expected 16 numbers (row-major 4x4), found {m.Length}", lineNumber);
            poses.Add(MatrixText.ToPose(m, path, lineNumber));
        }
        return [.. poses];
    }
}
