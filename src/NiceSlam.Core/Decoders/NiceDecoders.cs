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
        foreach (var p in parameters()) p.DetachFromDisposeScope();     // owned by this module, whatever scope made it
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
    public Tensor MiddleLogit(Tensor points, Tensor middleFeature)
    {
        using var scope = NewDisposeScope();
        return middle.forward(points, middleFeature).squeeze(-1).MoveToOuterDisposeScope();
    }

    /// <summary>Fine-level logit [N] = middle logit + fine residual.</summary>
    public Tensor FineLogit(Tensor points, Tensor middleFeature, Tensor fineFeature)
    {
        using var scope = NewDisposeScope();
        var residual = fine.forward(points, cat([middleFeature.detach(), fineFeature], -1)).squeeze(-1);
        return MiddleLogit(points, middleFeature).add(residual, HeldScalars.One).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One query of the decoders at shared points: the middle logit (no <paramref name="fineFeature"/>) or the fine
    /// logit (middle + residual), and RGB when <paramref name="colorFeature"/> is given. Each decoder encodes the
    /// points with its own B; computing the three encodings in one product was measured slower (the slices it
    /// hands on are copied forward and backward), so they stay separate.
    /// </summary>
    /// <param name="points">[N, 3] world.</param>
    /// <param name="middleFeature">[N, 32].</param>
    /// <param name="fineFeature">[N, 32] or null (middle level).</param>
    /// <param name="colorFeature">[N, 32] or null (no colour).</param>
    public (Tensor Logit, Tensor? Rgb) Query(Tensor points, Tensor middleFeature, Tensor? fineFeature, Tensor? colorFeature) =>
        (fineFeature is null ? MiddleLogit(points, middleFeature) : FineLogit(points, middleFeature, fineFeature),
         colorFeature is null ? null : Rgb(points, colorFeature));

    /// <summary>Coarse logit [N].</summary>
    public Tensor CoarseLogit(Tensor coarseFeature)
    {
        using var scope = NewDisposeScope();
        return coarse.forward(coarseFeature).squeeze(-1).MoveToOuterDisposeScope();
    }

    /// <summary>RGB [N, 3] (not squashed, as the official decoder).</summary>
    public Tensor Rgb(Tensor points, Tensor colorFeature)
    {
        using var scope = NewDisposeScope();
        return color.forward(points, colorFeature)[.., ..3].MoveToOuterDisposeScope();
    }

    public static Tensor Occupancy(Tensor logit)
    {
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        return logit.mul(s[OccupancySharpness]).sigmoid().MoveToOuterDisposeScope();
    }

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
