using NiceSlam.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Decoders;

/// <summary>
/// The four decoders of NICE-SLAM. Middle: logit from the middle feature. Fine: a residual on the middle logit from
/// the concatenated [middle, fine] features (the middle feature enters without gradient). Coarse: from the 2 m
/// feature alone. Colour: RGB from the colour feature. Occupancy = sigmoid(10 · logit). The middle, fine and coarse
/// decoders are pretrained and frozen during SLAM; only the colour decoder trains there.
/// </summary>
public sealed class NiceDecoders : nn.Module
{
    public const int FeatureDim = 32;
    public const double OccupancySharpness = 10;

    public NiceDecoders(Generator? generator = null) : base(nameof(NiceDecoders))
    {
        middle = new PositionalDecoder("middle", FeatureDim, 1, generator);
        fine = new PositionalDecoder("fine", 2 * FeatureDim, 1, generator);
        color = new PositionalDecoder("color", FeatureDim, 4, generator);
        coarse = new CoarseDecoder(FeatureDim, generator);
        RegisterComponents();
    }

    // Field names are the parameter-name prefixes (middle.*, fine.*, color.*, coarse.*).
#pragma warning disable IDE1006
    private readonly PositionalDecoder middle;
    private readonly PositionalDecoder fine;
    private readonly PositionalDecoder color;
    private readonly CoarseDecoder coarse;
#pragma warning restore IDE1006

    public PositionalDecoder Middle => middle;
    public PositionalDecoder Fine => fine;
    public PositionalDecoder Color => color;
    public CoarseDecoder Coarse => coarse;

    /// <summary>Middle-level logit [N].</summary>
    public Tensor MiddleLogit(Tensor points, Tensor middleFeature) => middle.forward(points, middleFeature).squeeze(-1);

    /// <summary>Fine-level logit [N] = middle logit + fine residual.</summary>
    public Tensor FineLogit(Tensor points, Tensor middleFeature, Tensor fineFeature)
    {
        var residual = fine.forward(points, cat([middleFeature.detach(), fineFeature], -1)).squeeze(-1);
        return MiddleLogit(points, middleFeature) + residual;
    }

    /// <summary>
    /// One query of the positional decoders at shared points: the position encodings of every decoder asked for in
    /// one product and sine (sin(p [B_middle B_fine B_colour])), then each decoder's layers. Returns the middle logit
    /// (no <paramref name="fineFeature"/>) or the fine logit (middle + residual), and RGB when
    /// <paramref name="colorFeature"/> is given; the same values as <see cref="MiddleLogit"/>, <see cref="FineLogit"/>
    /// and <see cref="Rgb"/>.
    /// </summary>
    /// <param name="points">[N, 3] world.</param>
    /// <param name="middleFeature">[N, 32].</param>
    /// <param name="fineFeature">[N, 32] or null (middle level).</param>
    /// <param name="colorFeature">[N, 32] or null (no colour).</param>
    public (Tensor Logit, Tensor? Rgb) Query(Tensor points, Tensor middleFeature, Tensor? fineFeature, Tensor? colorFeature)
    {
        var used = new List<PositionalDecoder> { middle };
        if (fineFeature is not null) used.Add(fine);
        if (colorFeature is not null) used.Add(color);
        var matrix = used.Count == 1 ? middle.Embedder.Matrix : cat(used.Select(d => d.Embedder.Matrix).ToArray(), 1);   // [3, k*93]
        var embedded = points.matmul(matrix).sin();                                                                     // [N, k*93]
        long offset = 0;
        Tensor Next(PositionalDecoder d)
        {
            var part = used.Count == 1 ? embedded : embedded.narrow(1, offset, d.Embedder.Size);
            offset += d.Embedder.Size;
            return part;
        }
        var logit = middle.ForwardEmbedded(Next(middle), middleFeature).squeeze(-1);
        if (fineFeature is not null)
            logit = logit + fine.ForwardEmbedded(Next(fine), cat([middleFeature.detach(), fineFeature], -1)).squeeze(-1);
        Tensor? rgb = colorFeature is null ? null : color.ForwardEmbedded(Next(color), colorFeature)[.., ..3];
        return (logit, rgb);
    }

    /// <summary>Coarse logit [N].</summary>
    public Tensor CoarseLogit(Tensor coarseFeature) => coarse.forward(coarseFeature).squeeze(-1);

    /// <summary>RGB [N, 3] (not squashed, as the official decoder).</summary>
    public Tensor Rgb(Tensor points, Tensor colorFeature) => color.forward(points, colorFeature)[.., ..3];

    public static Tensor Occupancy(Tensor logit) => (logit * OccupancySharpness).sigmoid();

    /// <summary>Freezes (or unfreezes) the pretrained geometry decoders: middle, fine, coarse.</summary>
    public void SetGeometryTrainable(bool trainable)
    {
        foreach (var module in new nn.Module[] { middle, fine, coarse })
            foreach (var p in module.parameters()) p.requires_grad = trainable;
    }

    /// <summary>Makes every decoder parameter non-trainable until the returned scope is disposed, which restores
    /// each parameter's previous flag (grid-only fits through frozen decoders).</summary>
    public IDisposable Frozen() => GradientFreeze.Of(parameters());

    /// <summary>Parameter names that belong to the geometry decoders (what pretraining produces).</summary>
    public static bool IsGeometryParameter(string name) =>
        name.StartsWith("middle.", StringComparison.Ordinal) || name.StartsWith("fine.", StringComparison.Ordinal)
        || name.StartsWith("coarse.", StringComparison.Ordinal);
}
