using NiceSlam.Core.Compute;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NiceSlam.Core.Decoders;

/// <summary>
/// The middle, fine and colour decoders of NICE-SLAM: h₀ = γ(p) (Gaussian Fourier features, 93), then 5 linear
/// layers of width 32, each followed by ReLU and the injection of the grid feature (h ← relu(W h) + W_c f); after
/// layer <see cref="SkipAfter"/> (the third) the embedding is concatenated back (h ← [γ(p), h]); a linear output of
/// 1 logit (occupancy) or 4 values (colour: the first 3 used). Parameters: 15.8k (middle, feature 32),
/// 20.9k (fine, feature 64), 15.9k (colour).
/// </summary>
public sealed class PositionalDecoder : nn.Module<Tensor, Tensor, Tensor>
{
    public const int Hidden = 32;
    public const int Blocks = 5;
    public const int SkipAfter = 2;

    private readonly GaussianFourierFeatures embedder;
    private readonly ModuleList<Linear> layers;
    private readonly ModuleList<Linear> featureLayers;
    private readonly Linear output;

    public PositionalDecoder(string name, int featureDim, int outputs, Generator? generator = null) : base(name)
    {
        FeatureDim = featureDim;
        Outputs = outputs;
        embedder = new GaussianFourierFeatures(generator: generator);
        int e = embedder.Size;
        var hidden = new List<Linear> { DenseLayers.Relu(e, Hidden, generator) };
        for (int i = 0; i < Blocks - 1; i++)
            hidden.Add(DenseLayers.Relu(i == SkipAfter ? Hidden + e : Hidden, Hidden, generator));
        layers = nn.ModuleList(hidden.ToArray());
        featureLayers = nn.ModuleList(Enumerable.Range(0, Blocks).Select(_ => DenseLayers.Default(featureDim, Hidden, generator)).ToArray());
        output = DenseLayers.Output(Hidden, outputs, generator);
        RegisterComponents();
    }

    public int FeatureDim { get; }
    public int Outputs { get; }

    /// <summary>The position encoding γ(p) = sin(p B).</summary>
    internal GaussianFourierFeatures Embedder => embedder;

    /// <summary>The position encoding γ(p) of points [N, 3]: [N, <see cref="EmbeddingSize"/>].</summary>
    public Tensor Embed(Tensor points) => embedder.forward(points);

    /// <summary>The width of γ(p) (93).</summary>
    public int EmbeddingSize => embedder.Size;

    /// <summary>points [N, 3] (world, metres), features [N, FeatureDim] -> [N, Outputs].</summary>
    public override Tensor forward(Tensor points, Tensor features) => ForwardEmbedded(embedder.forward(points), features);

    /// <summary>The layers after the position encoding: γ(p) [N, 93] (e.g. computed together with other decoders'),
    /// features [N, FeatureDim] -> [N, Outputs].</summary>
    public Tensor ForwardEmbedded(Tensor embedded, Tensor features)
    {
        var h = embedded;
        for (int i = 0; i < Blocks; i++)
        {
            h = nn.functional.relu(layers[i].forward(h)).add(featureLayers[i].forward(features), HeldScalars.One);   // [N, 32]
            if (i == SkipAfter) h = cat([embedded, h], -1);                                       // [N, 125]
        }
        return output.forward(h);                           // [N, Outputs]
    }
}
