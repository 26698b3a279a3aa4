using NiceSlam.Core.Decoders;
using NiceSlam.Core.Map;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Training;

/// <summary>
/// The middle (32 cm) and fine (16 cm) feature grids of one scene, initialised exactly as SLAM initialises them
/// (N(0, 0.01²) and N(0, 1e-4²)), so the decoders learn to read features that SLAM's optimisation can reach.
/// </summary>
public sealed class SceneGrids : IDisposable
{
    public const double MiddleVoxel = 0.32, FineVoxel = 0.16;
    public const double MiddleInitStd = 0.01, FineInitStd = 1e-4;

    public SceneGrids(Bounds3 bounds, Generator generator, double middleVoxel = MiddleVoxel, double fineVoxel = FineVoxel)
    {
        Middle = FeatureGrid.Create(bounds, middleVoxel, NiceDecoders.FeatureDim, MiddleInitStd, generator);
        Fine = FeatureGrid.Create(bounds, fineVoxel, NiceDecoders.FeatureDim, FineInitStd, generator);
    }

    public FeatureGrid Middle { get; }
    public FeatureGrid Fine { get; }

    public IEnumerable<Tensor> Parameters() => [Middle.Values, Fine.Values];

    /// <summary>Middle and fine logits [N] at points [N, 3].</summary>
    public (Tensor Middle, Tensor Fine) Logits(NiceDecoders decoders, Tensor points)
    {
        var middleFeature = Middle.Sample(points);
        var fineFeature = Fine.Sample(points);
        return (decoders.MiddleLogit(points, middleFeature), decoders.FineLogit(points, middleFeature, fineFeature));
    }

    /// <summary>Middle-level logit [N] at points [N, 3].</summary>
    public Tensor MiddleLogit(NiceDecoders decoders, Tensor points) => decoders.MiddleLogit(points, Middle.Sample(points));

    /// <summary>Fine-level logit [N] (middle + fine residual) at points [N, 3].</summary>
    public Tensor FineLogit(NiceDecoders decoders, Tensor points) => decoders.FineLogit(points, Middle.Sample(points), Fine.Sample(points));

    /// <summary>Binary cross-entropy of occupancy sigmoid(10 logit) at both levels, the training loss.</summary>
    public static Tensor Loss(Tensor middleLogit, Tensor fineLogit, Tensor labels) =>
        nn.functional.binary_cross_entropy_with_logits(middleLogit * NiceDecoders.OccupancySharpness, labels)
        + nn.functional.binary_cross_entropy_with_logits(fineLogit * NiceDecoders.OccupancySharpness, labels);

    public void Dispose()
    {
        Middle.Dispose();
        Fine.Dispose();
    }
}
