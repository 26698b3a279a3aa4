using System.Globalization;

namespace NiceSlam.Data.Datasets;

/// <summary>One entry of a TUM file list (rgb.txt / depth.txt): a stamp, a path relative to the list's folder,
/// and the 1-based line it came from.</summary>
public readonly record struct TumFileEntry(double Timestamp, string RelativePath, int Line);

/// <summary>An associated colour/depth pair: indices into the two lists.</summary>
public readonly record struct TumPair(int RgbIndex, int DepthIndex);

/// <summary>
/// The TUM benchmark's file lists and its associate.py policy for pairing colour and depth images.
/// </summary>
public static class TumAssociation
{
    /// <summary>associate.py's tolerance, seconds: the one pairing tolerance of the project (colour-depth pairs of
    /// datasets and of the node's synchroniser, ground truth to frames, trajectories to each other).</summary>
    public const double DefaultMaxDifference = 0.02;

    /// <summary>
    /// associate.py: every (rgb, depth) pair with |t_rgb - t_depth| &lt; <paramref name="maxDifference"/> is a
    /// candidate; candidates are taken greedily from the smallest |dt| (ties: lower rgb index, then lower depth
    /// index), each stamp used at most once. The result is sorted by rgb stamp.
    /// </summary>
    public static IReadOnlyList<TumPair> Associate(IReadOnlyList<double> rgbStamps, IReadOnlyList<double> depthStamps,
        double maxDifference = DefaultMaxDifference)
    {
        ArgumentNullException.ThrowIfNull(rgbStamps);
        ArgumentNullException.ThrowIfNull(depthStamps);
        if (!(maxDifference >= 0)) throw new ArgumentOutOfRangeException(nameof(maxDifference), "must be >= 0");
        var depthOrder = Enumerable.Range(0, depthStamps.Count).OrderBy(i => depthStamps[i]).ToArray();
        var sorted = depthOrder.Select(i => depthStamps[i]).ToArray();

        var candidates = new List<(double Difference, int Rgb, int Depth)>();
        for (int r = 0; r < rgbStamps.Count; r++)
        {
            double t = rgbStamps[r];
            int k = LowerBound(sorted, t - maxDifference);
            for (; k < sorted.Length && sorted[k] <= t + maxDifference; k++)
            {
                double difference = Math.Abs(sorted[k] - t);
                if (difference < maxDifference) candidates.Add((difference, r, depthOrder[k]));
            }
        }
        candidates.Sort((a, b) => a.Difference != b.Difference ? a.Difference.CompareTo(b.Difference)
            : a.Rgb != b.Rgb ? a.Rgb.CompareTo(b.Rgb) : a.Depth.CompareTo(b.Depth));

        var usedRgb = new bool[rgbStamps.Count];
        var usedDepth = new bool[depthStamps.Count];
        var pairs = new List<TumPair>();
        foreach (var (_, r, d) in candidates)
        {
            if (usedRgb[r] || usedDepth[d]) continue;
            usedRgb[r] = usedDepth[d] = true;
            pairs.Add(new TumPair(r, d));
        }
        return pairs.OrderBy(p => rgbStamps[p.RgbIndex]).ThenBy(p => p.RgbIndex).ToArray();
    }

    /// <summary>Reads a TUM file list ("timestamp filename" a line, '#' comments, blank lines ignored).</summary>
    public static IReadOnlyList<TumFileEntry> ReadFileList(string path)
    {
        if (!File.Exists(path)) throw new DatasetException(path, "file list not found");
        using var reader = new StreamReader(path);
        return ParseFileList(reader, path);
    }

    /// <summary>Parses a TUM file list; errors name <paramref name="source"/> and the 1-based line.</summary>
    public static IReadOnlyList<TumFileEntry> ParseFileList(TextReader reader, string source)
    {
        var entries = new List<TumFileEntry>();
        int lineNumber = 0;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#') continue;
            string[] fields = trimmed.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2)
                throw new DatasetException(source, $"expected 'timestamp filename', found {fields.Length} fields", lineNumber);
            if (!double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double stamp) || !double.IsFinite(stamp))
                throw new DatasetException(source, $"timestamp '{fields[0]}' is not a finite number", lineNumber);
            entries.Add(new TumFileEntry(stamp, fields[1], lineNumber));
        }
        return entries;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
