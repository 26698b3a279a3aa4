using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NiceSlam.Core.Decoders;

/// <summary>
/// The coarse decoder (NICE-SLAM's MLP without position): h₀ = f (the 2 m grid's feature, 32), 5 linear layers of
/// width 32 with ReLU, the feature concatenated back after the third, a linear logit. 6.3k parameters.
/// </summary>
public sealed class CoarseDecoder : nn.Module<Tensor, Tensor>
{
    public const int Hidden = 32;
    public const int Blocks = 5;
    public const int SkipAfter = 2;

    private readonly ModuleList<Linear> layers;
    private readonly Linear output;

    public CoarseDecoder(int featureDim = 32, Generator? generator = null) : base("coarse")
    {
        FeatureDim = featureDim;
        var hidden = new List<Linear> { DenseLayers.Relu(featureDim, Hidden, generator) };
        for (int i = 0; i < Blocks - 1; i++)
            hidden.Add(DenseLayers.Relu(i == SkipAfter ? Hidden + featureDim : Hidden, Hidden, generator));
        layers = nn.ModuleList(hidden.ToArray());
        output = DenseLayers.Output(Hidden, 1, generator);
        RegisterComponents();
    }

    public int FeatureDim { get; }

    /// <summary>features [N, FeatureDim] -> logits [N, 1].</summary>
    public override Tensor forward(Tensor features)
    {
        var h = features;
        for (int i = 0; i < Blocks; i++)
        {
            h = nn.functional.relu(layers[i].forward(h));
            if (i == SkipAfter) h = cat([features, h], -1);
        }
        return output.forward(h);
    }
}
