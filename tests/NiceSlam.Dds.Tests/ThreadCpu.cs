namespace NiceSlam.Dds.Tests;

/// <summary>CPU time of this process's threads by name (Linux /proc/self/task/*/stat: user + system, in clock
/// ticks of 10 ms), to split a benchmark's CPU between Cyclone's threads, the bus's reader threads and the rest.</summary>
internal static class ThreadCpu
{
    private const double MsPerTick = 10;   // sysconf(_SC_CLK_TCK) = 100 on Linux

    /// <summary>Thread id → (name, CPU ms so far).</summary>
    public static Dictionary<int, (string Name, double Ms)> Snapshot()
    {
        var result = new Dictionary<int, (string, double)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
                string name = stat[(open + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                // After "(comm) ": state is field 3 of stat(5), so utime (14) and stime (15) are at 11 and 12 here.
                double ms = (long.Parse(fields[11]) + long.Parse(fields[12])) * MsPerTick;
                result[int.Parse(Path.GetFileName(dir))] = (name, ms);
            }
            catch (IOException) { } // the thread ended meanwhile
        }
        return result;
    }

    /// <summary>CPU ms spent between two snapshots, summed by the group each thread name falls in.</summary>
    public static Dictionary<string, double> Between(Dictionary<int, (string Name, double Ms)> before, Dictionary<int, (string Name, double Ms)> after, Func<string, string> group) =>
        after.GroupBy(t => group(t.Value.Name))
            .ToDictionary(g => g.Key, g => g.Sum(t => t.Value.Ms - (before.TryGetValue(t.Key, out var b) && b.Name == t.Value.Name ? b.Ms : 0)));
}
