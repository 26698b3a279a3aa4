using System.Globalization;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Datasets;
using NiceSlam.Shared;

namespace NiceSlam.Data.Trajectories;

/// <summary>
/// The TUM RGB-D trajectory format: one pose a line, "timestamp tx ty tz qx qy qz qw" (camera-to-world,
/// Hamilton quaternion, scalar last), separated by spaces, tabs or commas; '#' starts a comment line.
/// Writing replaces the file all at once (written to "path.tmp", flushed, renamed: <see cref="AtomicFile"/>), so a
/// process killed while writing leaves the previous trajectory or the new one, never a torn last line; reading
/// stays strict (a line that is not 8 finite numbers is an error naming file and line), so nothing cut short
/// elsewhere is taken as a pose.
/// </summary>
public static class TumTrajectoryFile
{
    public static Trajectory Read(string path)
    {
        if (!File.Exists(path)) throw new DatasetException(path, "trajectory file not found");
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Parses TUM lines; errors name <paramref name="source"/> and the 1-based line.</summary>
    public static Trajectory Parse(TextReader reader, string source)
    {
        var poses = new List<StampedPose>();
        int lineNumber = 0;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#') continue;
            string[] fields = trimmed.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 8)
                throw new DatasetException(source, $"expected 8 values 'timestamp tx ty tz qx qy qz qw', found {fields.Length}", lineNumber);
            var v = new double[8];
            for (int i = 0; i < 8; i++)
                if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i]))
                    throw new DatasetException(source, $"value {i + 1} '{fields[i]}' is not a finite number", lineNumber);
            RigidTransform pose;
            try { pose = RigidTransform.FromQuaternion(v[4], v[5], v[6], v[7], v[1], v[2], v[3]); }
            catch (ArgumentException e) { throw new DatasetException(source, e.Message, lineNumber, e); }
            poses.Add(new StampedPose(v[0], pose));
        }
        return new Trajectory(poses);
    }

    public static void Write(string path, IEnumerable<StampedPose> poses, string? header = null)
    {
        AtomicFile.WriteText(path, writer => Write(writer, poses, header));
    }

    public static void Write(TextWriter writer, IEnumerable<StampedPose> poses, string? header = null)
    {
        if (header is not null)
            foreach (string line in header.Split('\n')) writer.WriteLine("# " + line.TrimEnd('\r'));
        writer.WriteLine("# timestamp tx ty tz qx qy qz qw");
        foreach (var (stamp, pose) in poses)
        {
            var (qx, qy, qz, qw) = pose.ToQuaternion();
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{stamp:F6} {pose.Tx:0.#########} {pose.Ty:0.#########} {pose.Tz:0.#########} {qx:0.#########} {qy:0.#########} {qz:0.#########} {qw:0.#########}"));
        }
    }
}
