using System.Text.Json;

namespace NiceSlam.Cli.Tests;

[Trait("Category", "Slow")]
public sealed class BenchCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-bench-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Bench_prints_both_paths_per_iteration_costs_points_per_second_the_matmul_rate_and_the_profile()
    {
        string json = Path.Combine(dir, "bench.json");
        var result = CliProcess.NiceSlam($"bench --pixels 50 200 --iterations 1 --rounds 1 --profile --front-end-frames 1 --sampling DepthGuided --json \"{json}\"");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("GFLOP/s", result.StdOut);
        Assert.Contains("profile: one tracking iteration", result.StdOut);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.True(root.GetProperty("matmulGflops").GetDouble() > 0.1);
        var rows = root.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal([50, 200], rows.Select(r => r.GetProperty("pixels").GetInt32()));
        foreach (var row in rows)
            foreach (var path in new[] { "reference", "fast" })
            {
                var timing = row.GetProperty(path);
                double track = timing.GetProperty("trackingMsPerIteration").GetDouble();
                int samples = timing.GetProperty("samplesPerRay").GetInt32();
                Assert.True(track > 0 && timing.GetProperty("mappingMsPerIteration").GetDouble() > 0);
                Assert.Equal(path == "reference" ? 48 : 12, samples);     // --sampling DepthGuided: 4 free-space + 8 surface
                // points per second is pixels x samples per ray over the iteration time
                Assert.Equal(row.GetProperty("pixels").GetInt32() * samples / (track / 1000), timing.GetProperty("trackingPointsPerSecond").GetDouble(), 1);
            }
        // One tracking and one mapping profile per path at the first budget; the classes and the remainder add up to
        // the iteration; the decoders' share of the matmul rate is a share.
        var profiles = root.GetProperty("profiles").EnumerateArray().ToArray();
        Assert.Equal(4, profiles.Length);
        Assert.Equal(["tracking", "mapping", "tracking", "mapping"], profiles.Select(p => p.GetProperty("loop").GetString()!.Split(' ')[0]));
        foreach (var p in profiles)
        {
            Assert.Equal(50, p.GetProperty("pixels").GetInt32());
            var entries = p.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("class").GetString()!).ToArray();
            Assert.Contains(entries, c => c.StartsWith("grid lookups"));
            Assert.Contains(entries, c => c.StartsWith("decoder layers"));
            double share = p.GetProperty("decoderShare").GetDouble();
            Assert.True(share > 0 && share < 1.5, $"decoder share {share}");
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

    [Fact]
    public void Fewer_stratified_samples_change_the_fast_path_only()
    {
        string json = Path.Combine(dir, "stratified.json");
        var result = CliProcess.NiceSlam($"bench --pixels 50 --iterations 1 --rounds 1 --front-end-frames 0 --stratified 24 --json \"{json}\"");
        Assert.True(result.ExitCode == 0, result.All);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var row = doc.RootElement.GetProperty("rows")[0];
        Assert.Equal(32 + 16, row.GetProperty("reference").GetProperty("samplesPerRay").GetInt32());
        Assert.Equal(24 + 16, row.GetProperty("fast").GetProperty("samplesPerRay").GetInt32());
        Assert.Contains("24 stratified + 16 near-surface", result.StdOut);
        Assert.Contains("bench: --stratified", CliProcess.NiceSlam("bench --stratified 1").StdErr);
    }
}
