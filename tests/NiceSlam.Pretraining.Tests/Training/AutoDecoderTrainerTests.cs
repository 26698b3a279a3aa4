using NiceSlam.Pretraining.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Tests.Training;

[Trait("Category", "Slow")]
public class AutoDecoderTrainerTests
{
    private static IOccupancyScene Scene(int i) => new BallRoomScene(1.0 + 0.5 * i, 1.5, 0.8, 0.4 + 0.1 * i);

    private static readonly PretrainOptions Small = PretrainOptions.Tiny with { Steps = 40, CoarseSteps = 10, Scenes = 2 };

    [Fact]
    public void Training_lowers_the_loss()
    {
        var result = AutoDecoderTrainer.Train(Scene, Small);
        using var decoders = result.Decoders;
        Assert.Equal(40, result.LossCurve.Count);
        Assert.Equal(10, result.CoarseLossCurve.Count);
        double first = result.LossCurve.Take(5).Average(), last = result.LossCurve.TakeLast(5).Average();
        Assert.True(last < 0.8 * first, $"loss {first:0.000} -> {last:0.000}");
        Assert.All(result.LossCurve, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Same_seed_same_decoders()
    {
        using var a = AutoDecoderTrainer.Train(Scene, PretrainOptions.Tiny).Decoders;
        using var b = AutoDecoderTrainer.Train(Scene, PretrainOptions.Tiny).Decoders;
        Assert.All(a.parameters().Zip(b.parameters()), p => Assert.True((p.First == p.Second).all().item<bool>()));
    }

    [Fact]
    public void Cancellation_stops_training_early()
    {
        using var cancel = new CancellationTokenSource();
        int steps = 0;
        var progress = new SyncProgress(p => { if (p.Phase == "middle+fine" && ++steps == 3) cancel.Cancel(); });
        var result = AutoDecoderTrainer.Train(Scene, Small, progress, cancel.Token);
        result.Decoders.Dispose();
        Assert.Equal(3, result.LossCurve.Count);
        Assert.Empty(result.CoarseLossCurve);
    }

    [Fact]
    public void Iou_of_known_masks()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { true, true, false, false });
        var b = tensor(new[] { true, false, true, false });
        Assert.Equal(1.0 / 3, GridFitBenchmark.Iou(a, b), 12);
        Assert.Equal(1.0, GridFitBenchmark.Iou(tensor(new[] { false }), tensor(new[] { false })));
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => AutoDecoderTrainer.Train(Scene, PretrainOptions.Tiny with { ScenesPerStep = 5 }));
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
