using NiceSlam.Core.Compute;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NiceSlam.Core.Decoders;

/// <summary>
/// NICE-SLAM's position encoding: γ(p) = sin(p B), B ~ N(0, 1) · scale of shape [3, size], learned. Points are
/// world coordinates in metres (the grids normalise separately); with scale 25 the encoding resolves a few cm.
/// </summary>
internal sealed class GaussianFourierFeatures : nn.Module<Tensor, Tensor>
{
    public const int DefaultSize = 93;
    public const double DefaultScale = 25;

    private readonly Parameter B;

    public GaussianFourierFeatures(int inputDim = 3, int size = DefaultSize, double scale = DefaultScale, Generator? generator = null)
        : base(nameof(GaussianFourierFeatures))
    {
        Size = size;
        using (NewDisposeScope())
        {
            using var s = new HeldScalars();
            B = nn.Parameter(randn(new long[] { inputDim, size }, generator: generator).mul(s[scale]));
            B.DetachFromDisposeScope();
        }
        RegisterComponents();
    }

    public int Size { get; }

    /// <summary>points [N, 3] -> [N, size].</summary>
    public override Tensor forward(Tensor points) => points.matmul(B).sin();
}
