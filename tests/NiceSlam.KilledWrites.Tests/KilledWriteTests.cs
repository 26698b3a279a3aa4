using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using NiceSlam.Bags;
using NiceSlam.Data.Maps;
using NiceSlam.Data.Trajectories;
using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.NavMsgs;
using Path = System.IO.Path;
using Xunit.Abstractions;

namespace NiceSlam.KilledWrites.Tests;

/// <summary>
/// Killed writes: the write host (tests/NiceSlam.WriteKillHost) saves a map, rewrites a trajectory and records an
/// MCAP and a db3 bag in a loop; it is SIGKILLed at a seeded random instant, many times (NICESLAM_KILL_POINTS,
/// default 12). After each kill: the map file loads and is the last one saved (or the one being saved, if its
/// rename was done); the trajectory parses and is the last one written (or the next); each bag opens without its
/// metadata.yaml and reads a gap-free prefix of the messages, at least every message whose write had returned
/// (the host writes each out at once); `bag reindex` then writes the metadata and the bag reads the same through it.
/// </summary>
[Trait("Category", "Slow")]
public class KilledWriteTests(ITestOutputHelper output)
{
    private const int MessagesPerIteration = 20, PosesPerIteration = 5;

    private static int KillPoints =>
        int.TryParse(Environment.GetEnvironmentVariable("NICESLAM_KILL_POINTS"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 12;

    [Fact]
    public void EveryKillPointLeavesTheMapTheTrajectoryAndTheBagsReadable()
    {
        var random = new Random(20240602);
        var tally = new Tally();
        for (int point = 0; point < KillPoints; point++)
        {
            string folder = Directory.CreateTempSubdirectory("niceslam-kill-").FullName;
            try
            {
                int delayMs = random.Next(0, 400);
                var (lastDone, lastSequence) = RunAndKill(folder, delayMs);
                Verify(folder, lastDone, lastSequence, tally, $"kill point {point} ({delayMs} ms after ready, iteration {lastDone} done)");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        output.WriteLine($"kill points tried: {KillPoints}, recovered: {tally.Recovered}");
        output.WriteLine($"  map: the last saved one {tally.MapPrevious} times, the one being saved {tally.MapNext} times (its rename had happened); a temporary file left {tally.MapTemporary} times");
        output.WriteLine($"  trajectory: the last written {tally.TrajectoryPrevious} times, the next {tally.TrajectoryNext} times");
        output.WriteLine($"  bags: every one of the {tally.Written} messages written before the last reported iteration read back; MCAP {tally.McapMessages} messages in all "
            + $"({tally.McapTruncated} files ending inside a record or without footer), db3 {tally.Db3Messages}; all reindexed");
        Assert.Equal(KillPoints, tally.Recovered);
    }

    /// <summary>Starts the host, waits for its first iteration, kills it after <paramref name="delayMs"/> and returns
    /// the last iteration it reported done and the messages written by then.</summary>
    private static (int LastDone, long Sequence) RunAndKill(string folder, int delayMs)
    {
        var info = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "NiceSlam.WriteKillHost.dll")}\" \"{folder}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var lines = new BlockingCollection<string>();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Add(e.Data); };
        var errors = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) errors.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var seen = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!seen.Contains("ready"))
        {
            if (!lines.TryTake(out var line, TimeSpan.FromSeconds(1)))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    if (!process.HasExited) process.Kill();
                    throw new InvalidOperationException($"the write host did not get ready: {string.Join('\n', errors)}");
                }
                continue;
            }
            seen.Add(line);
        }
        Thread.Sleep(delayMs);
        process.Kill();                       // SIGKILL on Linux: no finally, no flush, no dispose
        process.WaitForExit();
        while (lines.TryTake(out var line)) seen.Add(line);
        var done = seen.Where(l => l.StartsWith("done ", StringComparison.Ordinal)).Select(l => l.Split(' ')).Last();
        return (int.Parse(done[1], CultureInfo.InvariantCulture), long.Parse(done[2], CultureInfo.InvariantCulture));
    }

    private static void Verify(string folder, int lastDone, long sequence, Tally tally, string where)
    {
        // Map: complete, checked (magic, length, SHA-256), the last saved one or the next.
        var map = MapFile.Load(Path.Combine(folder, "map.nslam"));
        int generation = (int)map.LastTimestamp;
        Assert.True(generation == lastDone || generation == lastDone + 1, $"{where}: map of iteration {generation}");
        if (generation == lastDone) tally.MapPrevious++; else tally.MapNext++;
        if (File.Exists(Path.Combine(folder, "map.nslam.tmp"))) tally.MapTemporary++;

        // Trajectory: every line a pose, the last file written or the next.
        var trajectory = TumTrajectoryFile.Read(Path.Combine(folder, "trajectory.txt"));
        Assert.True(trajectory.Count == PosesPerIteration * (lastDone + 1) || trajectory.Count == PosesPerIteration * (lastDone + 2), $"{where}: {trajectory.Count} poses");
        for (int i = 0; i < trajectory.Count; i++) Assert.Equal(i, trajectory[i].Pose.Tx);
        if (trajectory.Count == PosesPerIteration * (lastDone + 1)) tally.TrajectoryPrevious++; else tally.TrajectoryNext++;

        // Bags: no metadata.yaml (never closed); every message written before the last "done" is there, in order.
        tally.Written += sequence;
        foreach (string storage in (string[])["mcap", "db3"])
        {
            string bag = Path.Combine(folder, storage);
            Assert.False(File.Exists(Path.Combine(bag, BagMetadataFile.FileName)), $"{where}: {storage} has metadata.yaml");
            long count = ReadSequence(bag, sequence, where, out int warnings);
            if (storage == "mcap") { tally.McapMessages += count; tally.McapTruncated += warnings > 0 ? 1 : 0; }
            else { tally.Db3Messages += count; tally.Db3Journal += File.Exists(Path.Combine(bag, "db3_0.db3-journal")) ? 1 : 0; }
            // `bag reindex` writes the missing metadata; the bag then reads the same through it.
            var result = BagReindexer.Reindex(bag);
            Assert.Equal(count, result.Metadata.MessageCount);
            Assert.Equal(count, ReadSequence(bag, sequence, where, out _));
        }
        tally.Recovered++;
    }

    /// <summary>Reads a bag's odometry messages: they must be 0, 1, 2 ... with none missing, at least
    /// <paramref name="durable"/> of them and at most one iteration more.</summary>
    private static long ReadSequence(string bag, long durable, string where, out int warnings)
    {
        using var reader = BagFolder.Open(bag);
        warnings = reader.Warnings.Count;
        long expected = 0;
        foreach (var message in reader.ReadMessages())
        {
            var odometry = CdrSerializer.Deserialize<Odometry>(message.Data);
            Assert.Equal(expected, (long)odometry.Pose.Pose.Position.X);
            expected++;
        }
        Assert.True(expected >= durable && expected <= durable + MessagesPerIteration, $"{where}: {bag} holds {expected} messages, {durable} were written");
        Assert.Equal(expected, reader.MessageCount);
        return expected;
    }

    private sealed class Tally
    {
        public int Recovered, MapPrevious, MapNext, MapTemporary, TrajectoryPrevious, TrajectoryNext, McapTruncated, Db3Journal;
        public long Written, McapMessages, Db3Messages;
    }
}
