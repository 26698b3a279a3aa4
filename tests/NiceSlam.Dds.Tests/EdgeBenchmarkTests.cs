using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using NiceSlam.Messages.Bus;
using NiceSlam.Node;
using NiceSlam.Node.Input;
using static TorchSharp.torch;

namespace NiceSlam.Dds.Tests;

/// <summary>
/// The DDS edge's throughput: 640x480 rgb8 + 16UC1 pairs from the Fast DDS peer's publish to the node's assembled
/// frame (Cyclone reception, CDR decoding, approximate-time pairing, assembly into an RgbdFrame), and the CPU the
/// node's process spends per pair. The peer offers pairs at NICESLAM_DDS_BENCH_RATE per second (60 by default; 0:
/// as fast as it can). Printed, not asserted on time (machines and loads differ); the test asserts that frames came
/// through, pixel for pixel.
/// </summary>
[Trait("Category", "Slow")]
[Collection(NodeCollection.Name)]
public class EdgeBenchmarkTests
{
    [FastDdsFact]
    public async Task Camera_pairs_from_a_Fast_DDS_peer_to_assembled_frames()
    {
        const int width = 640, height = 480, pairs = 300;
        string rate = Environment.GetEnvironmentVariable("NICESLAM_DDS_BENCH_RATE") ?? "60";
        double gflops = MatmulGflops();
        FastDdsPeer.EnsureBuilt();
        using var temp = new TempDirectory();
        uint domain = LoopbackDomain.Next();
        using var bus = new DdsMessageBus(LoopbackDomain.Options(domain, "nice_slam"));
        var o = new NodeOptions();
        var queue = new FrameQueue(pairs + 10, QueueFullPolicy.DropOldest);
        using var input = new InputStage(bus, new InputSettings { ColorTopic = o.ColorTopic, DepthTopic = o.DepthTopic, CameraInfoTopic = o.CameraInfoTopic },
            queue, NullLogger<InputStage>.Instance);
        var assembled = new List<(double Stamp, long WallNs)>();
        NiceSlam.Core.Frames.RgbdFrame? first = null;
        // CPU is counted over the steady state: the second half (the first pairs pay for JIT compilation and tier-up).
        const int warmup = pairs / 2;
        TimeSpan cpuAtWarmup = default;
        Dictionary<int, (string Name, double Ms)> threadsAtWarmup = [];
        long allocatedAtWarmup = 0, gen2AtWarmup = 0;
        var consumer = Task.Run(async () =>
        {
            await foreach (var frame in queue.ReadAllAsync(CancellationToken.None))
            {
                int n;
                lock (assembled)
                {
                    assembled.Add((frame.Timestamp, (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100));
                    n = assembled.Count;
                }
                first ??= frame;
                if (n == warmup)
                {
                    cpuAtWarmup = Process.GetCurrentProcess().TotalProcessorTime;
                    threadsAtWarmup = ThreadCpu.Snapshot();
                    allocatedAtWarmup = GC.GetTotalAllocatedBytes();
                    gen2AtWarmup = GC.CollectionCount(2);
                }
            }
        });
        input.Start();

        using var peer = FastDdsPeer.Start("bench", domain.ToString(), temp.Combine("published.txt"), o.ColorTopic, o.DepthTopic, o.CameraInfoTopic,
            width.ToString(), height.ToString(), pairs.ToString(), rate);
        peer.WaitForLine("ready", TimeSpan.FromSeconds(60));
        peer.WaitForLine("published", TimeSpan.FromMinutes(2));
        await LoopbackDomain.WaitAsync(() => { lock (assembled) return assembled.Count >= pairs; }, TimeSpan.FromSeconds(5));
        await Task.Delay(300);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtWarmup;
        // Cyclone's own threads (receive, delivery queues, timed events), the bus's reader threads (CDR decoding and
        // the input stage's work: pairing, assembly), the .NET GC, everything else.
        var split = ThreadCpu.Between(threadsAtWarmup, ThreadCpu.Snapshot(), name =>
            name.StartsWith("dds ", StringComparison.Ordinal) ? "reader threads (decode + input stage)"
            : name.StartsWith("recv", StringComparison.Ordinal) || name.StartsWith("dq.", StringComparison.Ordinal) || name is "tev" or "gc" or "xmit" or "lease" ? "Cyclone"
            : name.Contains("GC", StringComparison.Ordinal) ? ".NET GC"
            : name.StartsWith(".NET Tiered", StringComparison.Ordinal) ? "JIT tier-up"
            : name.StartsWith(".NET TP", StringComparison.Ordinal) ? "thread pool (frame consumer, JIT call counting)" : "other");
        double jit = split.GetValueOrDefault("JIT tier-up");
        double allocatedMb = (GC.GetTotalAllocatedBytes() - allocatedAtWarmup) / 1e6;
        long gen2 = GC.CollectionCount(2) - gen2AtWarmup;
        Assert.Equal(0, peer.Stop(TimeSpan.FromSeconds(30)));
        input.Dispose();
        queue.Complete();
        await consumer;

        var published = File.ReadAllLines(temp.Combine("published.txt")).Select(long.Parse).ToArray();
        List<(double Stamp, long WallNs)> got;
        lock (assembled) got = [.. assembled];
        Assert.True(got.Count > warmup, $"only {got.Count} of {pairs} pairs were assembled ({input.Counters}); the CPU is measured after {warmup}");
        int steady = got.Count - warmup;
        Assert.Equal(0, input.Counters.RejectedBy(InputRejection.Size) + input.Counters.RejectedBy(InputRejection.Encoding));
        // The peer's pattern (peer.cpp bench): colour byte i = 31 i mod 256, depth pixel p = 500 + p mod 3000 mm.
        Assert.Equal(Enumerable.Range(0, width * height * 3).Select(i => (byte)(i * 31)), first!.Rgb);
        Assert.All(new[] { 0, 1, 2999, 3000, width * height - 1 }, p => Assert.Equal((500 + p % 3000) / 1000f, first.Depth[p], 6));
        // Pair i carries stamp 1000 + i/30 s (see peer.cpp): match each assembled frame to its publish time.
        var latencies = got.Select(f =>
        {
            double t = f.Stamp - 1000;
            int i = (int)Math.Round(Math.Floor(t) * 30 + (t - Math.Floor(t)) / 0.033333333);
            return (f.WallNs - published[Math.Clamp(i, 0, pairs - 1)]) / 1e6;
        }).Order().ToArray();
        double seconds = (got[^1].WallNs - published[0]) / 1e9;
        // (InvariantGlobalization: numbers print with '.' whatever the machine's locale.)
        Console.WriteLine(
            $"DDS edge, {width}x{height} rgb8 + 16UC1 from Fast DDS (best effort, loopback, offered at {(rate == "0" ? "full speed" : rate + " pairs/s")}): " +
            $"{got.Count}/{pairs} pairs assembled in {seconds:0.00} s = {got.Count / seconds:0.0} pairs/s ({input.Counters.RejectedBy(InputRejection.Sync)} images left unpaired, the rest lost on the way); " +
            $"publish-to-frame latency median {latencies[latencies.Length / 2]:0.0} ms, p90 {latencies[(int)(latencies.Length * 0.9)]:0.0} ms; " +
            $"node-process CPU {cpu.TotalMilliseconds / steady:0.00} ms/pair over the last {steady}, {(cpu.TotalMilliseconds - jit) / steady:0.00} without the JIT's warm-up: " +
            string.Join(", ", split.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value / steady:0.00}")) +
            $" ({allocatedMb / steady:0.0} MB allocated/pair, {gen2} gen-2 GCs) ({Environment.ProcessorCount} cores; matmul {gflops:0} GFLOP/s float32)");
    }

    /// <summary>float32 matmul rate of this machine now (1024x1024, best of 5), GFLOP/s: printed beside timings.</summary>
    private static double MatmulGflops()
    {
        using var scope = NewDisposeScope();
        var a = randn(1024, 1024);
        var b = randn(1024, 1024);
        a.matmul(b).sum().item<float>();
        double best = double.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            var w = Stopwatch.StartNew();
            a.matmul(b).sum().item<float>();
            best = Math.Min(best, w.Elapsed.TotalSeconds);
        }
        return 2.0 * 1024 * 1024 * 1024 / best / 1e9;
    }
}
