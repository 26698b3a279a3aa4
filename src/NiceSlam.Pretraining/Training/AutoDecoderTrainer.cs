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
        var curve = RunPhase("middle+fine", options.Steps, options, random, decoderOptimizer, gridOptimizers, s =>
        {
            var (points, labels) = scenes[s].Sample(options.UniformPoints, options.NearSurfacePoints, generator);
            var (middle, fine) = grids[s].Logits(decoders, points);
            return SceneGrids.Loss(middle, fine, labels)
                + options.GridL2 * (grids[s].Middle.Values.pow(2).mean() + grids[s].Fine.Values.pow(2).mean());
        }, progress, cancellation);
        foreach (var o in gridOptimizers) o.Dispose();
        foreach (var g in grids) g.Dispose();

        // Phase 2: coarse decoder on 2 m grids (uniform points only: it models the rough layout).
        var coarseGrids = scenes.Select(s => FeatureGrid.Create(s.Bounds, CoarseVoxel, NiceDecoders.FeatureDim, 0.01, generator)).ToArray();
        using var coarseOptimizer = optim.Adam(decoders.Coarse.parameters(), options.DecoderLearningRate);
        var coarseGridOptimizers = coarseGrids.Select(g => optim.Adam(new[] { g.Values }, options.GridLearningRate)).ToArray();
        var coarseCurve = RunPhase("coarse", options.CoarseSteps, options, random, coarseOptimizer, coarseGridOptimizers, s =>
        {
            var (points, labels) = scenes[s].Sample(options.UniformPoints + options.NearSurfacePoints, 0, generator);
            var logit = decoders.CoarseLogit(coarseGrids[s].Sample(points));
            return nn.functional.binary_cross_entropy_with_logits(logit * NiceDecoders.OccupancySharpness, labels);
        }, progress, cancellation);
        foreach (var o in coarseGridOptimizers) o.Dispose();
        foreach (var g in coarseGrids) g.Dispose();
        generator.Dispose();
        return new PretrainResult(decoders, curve, coarseCurve, watch.Elapsed);
    }

    /// <summary>One training phase: each step draws a batch of scenes, averages their losses, and steps the shared
    /// (decoder) optimiser and the batch's per-scene (grid) optimisers. Returns the loss per step.</summary>
    private static List<double> RunPhase(string phase, int steps, PretrainOptions options, Random random,
        optim.Optimizer shared, optim.Optimizer[] perScene, Func<int, Tensor> sceneLoss,
        IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var curve = new List<double>(steps);
        for (int step = 0; step < steps && !cancellation.IsCancellationRequested; step++)
        {
            using var scope = NewDisposeScope();
            int[] batch = Choose(random, options.Scenes, options.ScenesPerStep);
            shared.zero_grad();
            foreach (int s in batch) perScene[s].zero_grad();
            Tensor? loss = null;
            foreach (int s in batch)
            {
                var l = sceneLoss(s);
                loss = loss is null ? l : loss + l;
            }
            loss = loss! / batch.Length;
            loss.backward();
            shared.step();
            foreach (int s in batch) perScene[s].step();
            double value = loss.item<float>();
            curve.Add(value);
            progress?.Report(new TrainingProgress(phase, step + 1, steps, value));
        }
        return curve;
    }

    private static int[] Choose(Random random, int count, int take)
    {
        var indices = Enumerable.Range(0, count).ToArray();
        random.Shuffle(indices);
        return indices[..take];
    }
}
