using System.Diagnostics;
using NiceSlam.Core.Decoders;
using NiceSlam.Core.Map;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Training;

/// <summary>Progress of a pretraining run.</summary>
public sealed record TrainingProgress(string Phase, int Step, int TotalSteps, double Loss);

/// <summary>The trained decoders and how training went.</summary>
public sealed record PretrainResult(NiceDecoders Decoders, IReadOnlyList<double> LossCurve, IReadOnlyList<double> CoarseLossCurve, TimeSpan Elapsed);

/// <summary>
/// Pretrains the geometry decoders as an auto-decoder: every training scene gets its own middle/fine feature grids,
/// optimised jointly with the shared decoders on occupancy labels (binary cross-entropy on sigmoid(10 logit), at the
/// middle level and at the fine level = middle + fine residual). The coarse decoder is trained afterwards on its own
/// 2 m grids.
///
/// Why an auto-decoder and not ConvONet's point-cloud encoder: at SLAM time nothing encodes a point cloud: the
/// grids start from the same random initialisation and are optimised by gradient descent through the frozen
/// decoders. An auto-decoder trains the decoders in exactly that regime (grids initialised as SLAM does, reached by
/// Adam), so the features the decoders learn to read are features optimisation can produce; an encoder's features
/// come from another distribution that SLAM never sees.
/// </summary>
public static class AutoDecoderTrainer
{
    public const double CoarseVoxel = 2.0;

    /// <param name="sceneFactory">Builds training scene i (deterministically from its index).</param>
    public static PretrainResult Train(Func<int, IOccupancyScene> sceneFactory, PretrainOptions options,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var watch = Stopwatch.StartNew();
        var generator = new Generator((ulong)options.Seed);
        var random = new Random(options.Seed);
        var decoders = new NiceDecoders(generator);
        var scenes = Enumerable.Range(0, options.Scenes).Select(sceneFactory).ToArray();

        // Phase 1: middle + fine decoders with per-scene grids.
        var grids = scenes.Select(s => new SceneGrids(s.Bounds, generator)).ToArray();
        var geometry = decoders.Middle.parameters().Concat(decoders.Fine.parameters()).ToArray();
        using var decoderOptimizer = optim.Adam(geometry, options.DecoderLearningRate);
        var gridOptimizers = grids.Select(g => optim.Adam(g.Parameters().Cast<Parameter>(), options.GridLearningRate)).ToArray();
        var curve = new List<double>(options.Steps);
        for (int step = 0; step < options.Steps && !cancellation.IsCancellationRequested; step++)
        {
            using var scope = NewDisposeScope();
            int[] batch = Choose(random, options.Scenes, options.ScenesPerStep);
            decoderOptimizer.zero_grad();
            foreach (int s in batch) gridOptimizers[s].zero_grad();
            Tensor? loss = null;
            foreach (int s in batch)
            {
                var (points, labels) = scenes[s].Sample(options.UniformPoints, options.NearSurfacePoints, generator);
                var (middle, fine) = grids[s].Logits(decoders, points);
                var sceneLoss = SceneGrids.Loss(middle, fine, labels)
                    + options.GridL2 * (grids[s].Middle.Values.pow(2).mean() + grids[s].Fine.Values.pow(2).mean());
                loss = loss is null ? sceneLoss : loss + sceneLoss;
            }
            loss = loss! / batch.Length;
            loss.backward();
            decoderOptimizer.step();
            foreach (int s in batch) gridOptimizers[s].step();
            double value = loss.item<float>();
            curve.Add(value);
            progress?.Report(new TrainingProgress("middle+fine", step + 1, options.Steps, value));
        }
        foreach (var o in gridOptimizers) o.Dispose();
        foreach (var g in grids) g.Dispose();

        // Phase 2: coarse decoder on 2 m grids (uniform points only: it models the rough layout).
        var coarseGrids = scenes.Select(s => FeatureGrid.Create(s.Bounds, CoarseVoxel, NiceDecoders.FeatureDim, 0.01, generator)).ToArray();
        using var coarseOptimizer = optim.Adam(decoders.Coarse.parameters(), options.DecoderLearningRate);
        var coarseGridOptimizers = coarseGrids.Select(g => optim.Adam(new[] { g.Values }, options.GridLearningRate)).ToArray();
        var coarseCurve = new List<double>(options.CoarseSteps);
        for (int step = 0; step < options.CoarseSteps && !cancellation.IsCancellationRequested; step++)
        {
            using var scope = NewDisposeScope();
            int[] batch = Choose(random, options.Scenes, options.ScenesPerStep);
            coarseOptimizer.zero_grad();
            foreach (int s in batch) coarseGridOptimizers[s].zero_grad();
            Tensor? loss = null;
            foreach (int s in batch)
            {
                var (points, labels) = scenes[s].Sample(options.UniformPoints + options.NearSurfacePoints, 0, generator);
                var logit = decoders.CoarseLogit(coarseGrids[s].Sample(points));
                var sceneLoss = nn.functional.binary_cross_entropy_with_logits(logit * NiceDecoders.OccupancySharpness, labels);
                loss = loss is null ? sceneLoss : loss + sceneLoss;
            }
            loss = loss! / batch.Length;
            loss.backward();
            coarseOptimizer.step();
            foreach (int s in batch) coarseGridOptimizers[s].step();
            double value = loss.item<float>();
            coarseCurve.Add(value);
            progress?.Report(new TrainingProgress("coarse", step + 1, options.CoarseSteps, value));
        }
        foreach (var o in coarseGridOptimizers) o.Dispose();
        foreach (var g in coarseGrids) g.Dispose();
        generator.Dispose();
        return new PretrainResult(decoders, curve, coarseCurve, watch.Elapsed);
    }

    private static int[] Choose(Random random, int count, int take)
    {
        var indices = Enumerable.Range(0, count).ToArray();
        random.Shuffle(indices);
        return indices[..take];
    }
}
