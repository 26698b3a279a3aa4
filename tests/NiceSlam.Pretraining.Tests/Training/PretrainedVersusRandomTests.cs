using NiceSlam.Core.Decoders;
using NiceSlam.Pretraining.Training;
using TorchSharp;
using Xunit.Abstractions;

namespace NiceSlam.Pretraining.Tests.Training;

/// <summary>The point of pretraining, at test scale: after a short pretraining on ball rooms, fitting only the grids
/// of an unseen ball room through the frozen decoders reaches a high IoU in 50 steps, and clearly more than the same
/// fit through randomly initialised frozen decoders.</summary>
[Trait("Category", "Slow")]
public class PretrainedVersusRandomTests(ITestOutputHelper output)
{
    [Fact]
    public void Pretrained_frozen_decoders_fit_an_unseen_scene_far_better_than_random_ones()
    {
        IOccupancyScene Scene(int i) => new BallRoomScene(0.8 + 0.37 * (i % 4), 0.9 + 0.41 * (i % 3), 0.6 + 0.1 * (i % 5), 0.3 + 0.07 * (i % 4));
        var trained = AutoDecoderTrainer.Train(Scene, PretrainOptions.Tiny with
        {
            Scenes = 8, ScenesPerStep = 4, Steps = 200, UniformPoints = 1024, NearSurfacePoints = 1024, CoarseSteps = 0,
        });
        using var pretrained = trained.Decoders;
        using var random = new NiceDecoders(new torch.Generator(99));
        var unseen = new BallRoomScene(2.1, 1.2, 1.0, 0.45);
        var p = GridFitBenchmark.Fit(pretrained, unseen, steps: 50, seed: 5);
        var r = GridFitBenchmark.Fit(random, unseen, steps: 50, seed: 5);
        output.WriteLine($"fine IoU after 50 steps: pretrained {p.FineIou:0.000}, random {r.FineIou:0.000}; middle {p.MiddleIou:0.000} vs {r.MiddleIou:0.000}");
        Assert.True(p.FineIou > 0.85, $"pretrained fine IoU {p.FineIou:0.000}");
        Assert.True(p.FineIou > r.FineIou + 0.2, $"pretrained {p.FineIou:0.000} vs random {r.FineIou:0.000}");
        Assert.True(p.MiddleIou > r.MiddleIou, $"middle: pretrained {p.MiddleIou:0.000} vs random {r.MiddleIou:0.000}");
    }
}
