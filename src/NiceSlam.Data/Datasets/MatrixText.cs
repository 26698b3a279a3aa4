using System.Globalization;
using System.Text.RegularExpressions;
using NiceSlam.Core.Frames;
using NiceSlam.Core.Geometry;
using NiceSlam.Data.Images;

namespace NiceSlam.Data.Datasets;

/// <summary>Whitespace-separated numeric matrices in text files (poses, intrinsics) as 7-Scenes, ScanNet and
/// Replica write them; "inf", "-inf" and "nan" are read as such (ScanNet marks lost poses with -inf).</summary>
internal static class MatrixText
{
    /// <summary>All numbers of the file; exactly <paramref name="count"/> are required.</summary>
    public static double[] Read(string path, int count)
    {
        if (!File.Exists(path)) throw new DatasetException(path, "file not found");
        var values = new List<double>(count);
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            values.AddRange(ParseLine(line, path, lineNumber));
            if (values.Count > count) throw new DatasetException(path, $"expected {count} numbers, found more", lineNumber);
        }
        if (values.Count != count) throw new DatasetException(path, $"expected {count} numbers, found {values.Count}");
        return [.. values];
    }

    /// <summary>A 4x4 row-major camera-to-world pose file; a non-rigid matrix is an error naming the file.</summary>
    public static RigidTransform ReadPose(string path) => ToPose(Read(path, 16), path, null);

    public static RigidTransform ToPose(double[] m, string path, int? line)
    {
        try { return RigidTransform.FromMatrix(m); }
        catch (ArgumentException e) { throw new DatasetException(path, $"not a rigid 4x4 pose: {e.Message}", line, e); }
    }

    public static double[] ParseLine(string line, string path, int lineNumber)
    {
        string[] fields = line.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        var values = new double[fields.Length];
        for (int i = 0; i < fields.Length; i++)
            values[i] = fields[i].ToLowerInvariant() switch
            {
                "inf" or "+inf" or "infinity" => double.PositiveInfinity,
                "-inf" or "-infinity" => double.NegativeInfinity,
                "nan" or "-nan" => double.NaN,
                _ => double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
                    : throw new DatasetException(path, $"'{fields[i]}' is not a number", lineNumber),
            };
        return values;
    }
}
