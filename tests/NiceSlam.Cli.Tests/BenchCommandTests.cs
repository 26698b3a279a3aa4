using System.Text.Json;

namespace NiceSlam.Cli.Tests;

public sealed class BenchCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-bench-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Bench_prints_per_iteration_costs_points_per_second_and_the_matmul_rate()
    {
        string json = Path.Combine(dir, "bench.json");
        var result = CliProcess.NiceSlam($"bench --pixels 50 200 --iterations 1 --front-end-frames 1 --json \"{json}\"");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("GFLOP/s", result.StdOut);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.True(root.GetProperty("matmulGflops").GetDouble() > 0.1);
        var rows = root.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal([50, 200], rows.Select(r => r.GetProperty("pixels").GetInt32()));
        foreach (var row in rows)
        {
            double track = row.GetProperty("trackingMsPerIteration").GetDouble();
            Assert.True(track > 0 && row.GetProperty("mappingMsPerIteration").GetDouble() > 0);
            // points per second is pixels x 48 samples over the iteration time
            Assert.Equal(row.GetProperty("pixels").GetInt32() * 48 / (track / 1000), row.GetProperty("trackingPointsPerSecond").GetDouble(), 1);
        }
        // The tracking front ends per frame at the cpu preset's budget: rendering only spends nothing in the odometry,
        // the odometry nothing in rendering, the hybrid both.
        var fronts = root.GetProperty("frontEnds").EnumerateArray().ToDictionary(f => f.GetProperty("frontEnd").GetString()!);
        Assert.Equal(["render", "odometry", "odometry+render"], fronts.Keys);
        Assert.Equal(0, fronts["render"].GetProperty("odometryMillisecondsPerFrame").GetDouble());
        Assert.True(fronts["render"].GetProperty("renderingMillisecondsPerFrame").GetDouble() > 0);
        Assert.True(fronts["odometry"].GetProperty("odometryMillisecondsPerFrame").GetDouble() > 0);
        Assert.True(fronts["odometry+render"].GetProperty("odometryMillisecondsPerFrame").GetDouble() > 0);
        Assert.True(fronts["odometry+render"].GetProperty("renderingMillisecondsPerFrame").GetDouble() > 0);
        Assert.Contains("x rendering-only", result.StdOut);
        Assert.Contains("bench: --iterations", CliProcess.NiceSlam("bench --iterations 0").StdErr);
        Assert.Contains("bench: --front-end-frames", CliProcess.NiceSlam("bench --front-end-frames -1").StdErr);
    }
}
