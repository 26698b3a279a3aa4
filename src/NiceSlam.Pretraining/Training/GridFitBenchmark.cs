using NiceSlam.Core.Decoders;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Training;

/// <summary>IoU of the occupancy a fit reached, at the middle (32 cm) and fine (16 cm) levels.</summary>
public sealed record GridFitResult(double MiddleIou, double FineIou, double FinalLoss, int Steps);

/// <summary>
/// The measure of a decoder set: on a scene it has never seen, fit only the feature grids (decoders frozen, grids
/// initialised as SLAM does) to occupancy samples, then score occupancy (logit &gt; 0) on fresh samples by IoU.
/// Pretrained decoders must beat randomly initialised frozen ones at the same budget.
/// </summary>
public static class GridFitBenchmark
{
    public static GridFitResult Fit(NiceDecoders decoders, IOccupancyScene scene, int steps, int seed,
        int uniformPoints = 2048, int nearSurfacePoints = 2048, double gridLearningRate = 1e-2)
    {
        using var generator = new Generator((ulong)seed);
        using var frozen = decoders.Frozen();
        using var grids = new SceneGrids(scene.Bounds, generator);
        using var optimizer = optim.Adam(grids.Parameters().Cast<TorchSharp.Modules.Parameter>(), gridLearningRate);
        double last = double.NaN;
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var (points, labels) = scene.Sample(uniformPoints, nearSurfacePoints, generator);
            var (middle, fine) = grids.Logits(decoders, points);
            var loss = SceneGrids.Loss(middle, fine, labels);
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
        }
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var (points, labels) = scene.Sample(4 * uniformPoints, 4 * nearSurfacePoints, generator);
            var (middle, fine) = grids.Logits(decoders, points);
            var truth = labels > 0.5;
            return new GridFitResult(Iou(middle > 0, truth), Iou(fine > 0, truth), last, steps);
        }
    }

    /// <summary>|a ∧ b| / |a ∨ b| of two boolean tensors (1 when both are empty).</summary>
    public static double Iou(Tensor predicted, Tensor truth)
    {
        double union = (predicted | truth).sum().item<long>();
        return union == 0 ? 1 : (predicted & truth).sum().item<long>() / union;
    }
}
