using NiceSlam.Cli.Commands;
using NiceSlam.Core.Decoders;
using NiceSlam.Data.Weights;
using TorchSharp;

namespace NiceSlam.Cli.Tests;

/// <summary>The shipped weights against random decoders in the SLAM setting: grids fitted by volume rendering to
/// depth images of the synthetic sequence with known poses; held-out views re-rendered from the fitted grids.</summary>
public class DecodersBenchTests
{
    [Fact]
    public void Shipped_decoders_fit_depth_by_rendering_better_than_random_ones()
    {
        using var decoders = new NiceDecoders(new torch.Generator(1));
        ShippedDecoderWeights.LoadGeometry(decoders);
        var (pretrained, random) = DecodersBenchCommand.CompareDepth(decoders, steps: 40, width: 48, height: 36, frames: 24, raysPerStep: 256);
        Assert.True(double.IsFinite(pretrained) && double.IsFinite(random));
        Assert.True(pretrained < 0.5 * random, $"held-out depth L1: pretrained {pretrained * 100:0.00} cm, random {random * 100:0.00} cm");
    }
}

/// <summary>The shipped weights on a procedural room never seen in pretraining: grid-only fits through frozen
/// decoders, pretrained against random, at the same budget.</summary>
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
