using System.Text.Json;
using NiceSlam.Core.Decoders;
using NiceSlam.Data.Weights;
using TorchSharp;

namespace NiceSlam.Cli.Tests;

[Trait("Category", "Slow")]
public sealed class PretrainCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-pretrain-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void A_tiny_pretraining_writes_loadable_weights_a_loss_curve_and_the_benchmark()
    {
        var result = CliProcess.NiceSlam($"pretrain --tiny --eval-scenes 1 --eval-steps 5 --out \"{dir}\"");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.True(File.Exists(Path.Combine(dir, "loss.png")));
        string weights = Path.Combine(dir, "decoders.nsw");
        var document = DecoderWeightsFile.Read(weights);
        Assert.Equal("nice-slam pretrain --tiny --eval-scenes 1 --eval-steps 5 --out " + dir, document.Metadata["command"]);
        using var decoders = new NiceDecoders(new torch.Generator(3));
        DecoderWeightsFile.LoadInto(document, ShippedDecoderWeights.GeometryParameters(decoders), weights);
        Assert.True(DecoderProbe.MaxDifference(decoders, document.Probe!) < 1e-5);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "pretrain.json")));
        Assert.Equal(1, report.RootElement.GetProperty("benchmark").GetArrayLength());
        Assert.Contains("pretrained", result.StdOut);

        var bench = CliProcess.NiceSlam($"decoders-bench --weights \"{weights}\" --scenes 1 --steps 3 --depth-steps 20");
        Assert.True(bench.ExitCode == 0, bench.All);
        Assert.Contains("mean at 3 steps", bench.StdOut);
    }

    [Fact]
    public void A_corrupt_weights_file_is_refused_by_the_benchmark()
    {
        string weights = Path.Combine(dir, "bad.nsw");
        File.WriteAllBytes(weights, [1, 2, 3, 4]);
        var bench = CliProcess.NiceSlam($"decoders-bench --weights \"{weights}\" --scenes 1 --steps 3 --depth-steps 20");
        Assert.Equal(1, bench.ExitCode);
        Assert.Contains("bad.nsw", bench.StdErr);
    }
}
