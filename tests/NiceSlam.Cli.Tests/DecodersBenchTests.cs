using NiceSlam.Cli.Commands;
using NiceSlam.Core.Decoders;
using NiceSlam.Data.Weights;
using TorchSharp;

namespace NiceSlam.Cli.Tests;

/// <summary>The shipped weights against random decoders in the SLAM setting: grids fitted by volume rendering to
/// depth images of the synthetic sequence with known poses; held-out views re-rendered from the fitted grids.</summary>
[Trait("Category", "Slow")]
public class DecodersBenchTests
{
    [Fact]
    public void Shipped_decoders_fit_depth_by_rendering_better_than_random_ones()
    {
        using var decoders = new NiceDecoders(new torch.Generator(1));
        ShippedDecoderWeights.LoadGeometry(decoders);
        var (pretrained, random) = DecodersBenchCommand.CompareDepth(decoders, steps: 40, width: 48, height: 36, frames: 24, raysPerStep: 256);
        Assert.True(double.IsFinite(pretrained.DepthL1) && double.IsFinite(random.DepthL1));
        Assert.True(pretrained.DepthL1 < 0.5 * random.DepthL1, $"held-out depth L1: pretrained {pretrained.DepthL1 * 100:0.00} cm, random {random.DepthL1 * 100:0.00} cm");
        // The mesh of the fitted map: closer to the true surfaces and a better balance of precision and recall
        // (random decoders put spurious surfaces everywhere: they "complete" more but are mostly wrong).
        Assert.True(pretrained.Mesh.Accuracy < random.Mesh.Accuracy, $"mesh accuracy: pretrained {pretrained.Mesh}, random {random.Mesh}");
        Assert.True(pretrained.Mesh.FScore > random.Mesh.FScore, $"F-score: pretrained {pretrained.Mesh.FScore:0.000} {pretrained.Mesh}, random {random.Mesh.FScore:0.000} {random.Mesh}");
    }
}

/// <summary>The shipped weights on a procedural room never seen in pretraining: grid-only fits through frozen
/// decoders, pretrained against random, at the same budget.</summary>
[Trait("Category", "Slow")]
public class ShippedDecodersIouTests(Xunit.Abstractions.ITestOutputHelper output)
{
    public const int Steps = 60;

    [Fact]
    public void Shipped_decoders_reach_a_higher_iou_on_an_unseen_room_than_random_ones()
    {
        using var pretrained = new NiceDecoders(new torch.Generator(1));
        ShippedDecoderWeights.LoadGeometry(pretrained);
        using var random = new NiceDecoders(new torch.Generator(424242));
        var scene = NiceSlam.Pretraining.Training.ProceduralOccupancyScene.Generate(PretrainCommand.EvaluationSeedBase + 10);
        var p = NiceSlam.Pretraining.Training.GridFitBenchmark.Fit(pretrained, scene, Steps, seed: 3, uniformPoints: 1024, nearSurfacePoints: 1024);
        var r = NiceSlam.Pretraining.Training.GridFitBenchmark.Fit(random, scene, Steps, seed: 3, uniformPoints: 1024, nearSurfacePoints: 1024);
        output.WriteLine($"IoU after {Steps} steps at 32/16 cm: pretrained {p.MiddleIou:0.000}/{p.FineIou:0.000}, random {r.MiddleIou:0.000}/{r.FineIou:0.000}");
        Assert.True(p.FineIou > r.FineIou + MinimumGain, $"fine IoU pretrained {p.FineIou:0.000} vs random {r.FineIou:0.000}");
        Assert.True(p.FineIou >= MinimumFineIou, $"fine IoU {p.FineIou:0.000} below the stated {MinimumFineIou}");
    }

    public const double MinimumGain = 0.2;   // measured at shipping: 0.705 vs 0.365
    public const double MinimumFineIou = 0.6;
}
