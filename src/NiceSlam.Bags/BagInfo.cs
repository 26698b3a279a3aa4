using System.Globalization;
using System.Text;

namespace NiceSlam.Bags;

/// <summary>A bag summary in the layout of <c>ros2 bag info</c>.</summary>
public static class BagInfo
{
    /// <summary>
    /// Files, size, storage id, duration, start and end (UTC, with the nanosecond time), message count, one line per
    /// topic (name, type, count, serialization format) and any warnings.
    /// </summary>
    /// <param name="reader">The open bag.</param>
    /// <param name="path">Where it was opened from (a folder or a file), for the file list and size.</param>
    public static string Describe(IBagReader reader, string path)
    {
        var files = File.Exists(path) ? [path]
            : Directory.Exists(path)
                ? Directory.EnumerateFiles(path).Where(f => f.EndsWith(".db3", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".mcap", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList()
                : [];
        long size = files.Sum(f => new FileInfo(f).Length);
        var text = new StringBuilder();
        const string Pad = "                   ";
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine($"Files:             {string.Join("\n" + Pad, files.Select(Path.GetFileName))}");
        text.AppendLine($"Bag size:          {Size(size)}");
        text.AppendLine($"Storage id:        {reader.StorageId}");
        text.AppendLine(string.Create(inv, $"Duration:          {Seconds(reader.MessageCount == 0 ? 0 : reader.EndTimeNs - reader.StartTimeNs)}s"));
        text.AppendLine($"Start:             {Stamp(reader.StartTimeNs)}");
        text.AppendLine($"End:               {Stamp(reader.EndTimeNs)}");
        text.AppendLine(string.Create(inv, $"Messages:          {reader.MessageCount}"));
        text.Append("Topic information: ");
        if (reader.Topics.Count == 0) text.AppendLine();
        for (int i = 0; i < reader.Topics.Count; i++)
        {
            var t = reader.Topics[i];
            text.AppendLine(string.Create(inv, $"{(i == 0 ? "" : Pad)}Topic: {t.Name} | Type: {t.Type} | Count: {t.MessageCount} | Serialization Format: {t.SerializationFormat}"));
        }
        foreach (string warning in reader.Warnings) text.AppendLine($"Warning:           {warning}");
        return text.ToString();
    }

    /// <summary>Nanoseconds as seconds with nine decimals: 1500000000 → "1.500000000".</summary>
    internal static string Seconds(long ns) =>
        string.Create(CultureInfo.InvariantCulture, $"{(ns < 0 ? "-" : "")}{Math.Abs(ns / 1_000_000_000)}.{Math.Abs(ns % 1_000_000_000):D9}");

    private static string Stamp(long ns) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UnixEpoch.AddTicks(ns / 100):MMM d yyyy HH:mm:ss}.{ns % 1_000_000_000:D9} ({Seconds(ns)})");

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:0.00} GiB"),
    };
}
