using NiceSlam.Core.Compute;
using NiceSlam.Core.Map;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Rendering;

/// <summary>Rendered depth, its variance and (when a colour field is given) colour, per ray, and which rays the
/// method keeps: bool [R], false where the measured depth lies beyond the ray's exit from the bounds.</summary>
public sealed record RenderedRays(Tensor Depth, Tensor Variance, Tensor? Color, Tensor Weights, Tensor InsideBounds);

/// <summary>What a field gives at points [M, 3]: occupancy logits [M] and, when asked for, colour [M, 3].</summary>
public readonly record struct FieldSample(Tensor Logit, Tensor? Rgb);

/// <summary>A scene field queried at world points [M, 3]; <c>color</c> says whether colour is wanted too (one query
/// shares grid coordinates and encodings between geometry and colour).</summary>
public delegate FieldSample RadianceField(Tensor points, bool color);

/// <summary>
/// NICE-SLAM's occupancy volume rendering: samples along each ray (<see cref="RaySampling"/>), occupancy
/// o = sigmoid(10 logit) at every sample, weights wᵢ = oᵢ Πⱼ&lt;ᵢ (1 − oⱼ + 1e-10), depth D = Σ wᵢ zᵢ,
/// variance Σ wᵢ (zᵢ − D)², colour Σ wᵢ cᵢ. Points outside the map bounds get logit 100 (occupied), as the method
/// defines. Rays are given in world coordinates with directions whose camera-frame z is 1, so z is optical depth.
/// </summary>
/// <remarks>
/// Two code paths with the same results (up to float rounding): the reference path renders every ray and queries
/// the field at every sample; the fused path (<paramref name="fused"/>) skips rays the method drops (measured depth
/// beyond the bounds: nothing is computed for them, their outputs are 0), fills samples outside the bounds without
/// a full-size temporary, and, with reference sampling, merges the two sorted sample sets instead of sorting.
/// </remarks>
/// <param name="jitter">draws the depth-guided free-space samples within their strata (mapping); null keeps them fixed.</param>
public sealed class VolumeRenderer(Bounds3 bounds, RaySampling? sampling = null, bool fused = false, Generator? jitter = null)
{
    public const double OutsideLogit = 100;

    public Bounds3 Bounds { get; } = bounds;
    public RaySampling Sampling { get; } = sampling ?? new RaySampling();
    public bool Fused { get; } = fused;

    /// <param name="origins">[R, 3] ray origins (the camera centre), world.</param>
    /// <param name="directions">[R, 3] world directions (camera-frame z = 1).</param>
    /// <param name="depth">[R] measured depth (0 = none), guides the near-surface samples.</param>
    /// <param name="logit">occupancy logits at points [M, 3] -> [M].</param>
    /// <param name="color">colour at points [M, 3] -> [M, 3], optional.</param>
    public RenderedRays Render(Tensor origins, Tensor directions, Tensor depth, Func<Tensor, Tensor> logit, Func<Tensor, Tensor>? color = null) =>
        Render(origins, directions, depth, (p, c) => new FieldSample(logit(p), c ? color!(p) : null), color is not null);

    /// <param name="origins">[R, 3] ray origins (the camera centre), world.</param>
    /// <param name="directions">[R, 3] world directions (camera-frame z = 1).</param>
    /// <param name="depth">[R] measured depth (0 = none), guides the samples.</param>
    /// <param name="field">the scene at world points.</param>
    /// <param name="color">whether to render colour.</param>
    /// <param name="skipDropped">fused path: compute nothing for the rays the method drops (their outputs are 0);
    /// false renders them too (views shown or compared pixel by pixel).</param>
    public RenderedRays Render(Tensor origins, Tensor directions, Tensor depth, RadianceField field, bool color, bool skipDropped = true)
    {
        using var scope = NewDisposeScope();
        Tensor exit, insideBounds;
        using (no_grad())
        {
            exit = ExitDepth(origins, directions);                                              // [R]
            insideBounds = depth <= exit;
        }
        if (!Fused || !skipDropped) return MoveOut(Composite(Sample(origins, directions, depth, exit), field, color, insideBounds));

        long rays = depth.shape[0];
        Tensor? kept = null;
        using (no_grad())
            if (!insideBounds.all().item<bool>()) kept = insideBounds.nonzero().squeeze(1);  // [K] the rays the method keeps
        if (kept is not null)
        {
            origins = origins.index_select(0, kept);
            directions = directions.index_select(0, kept);
            depth = depth.index_select(0, kept);
            exit = exit.index_select(0, kept);
        }
        var result = Composite(Sample(origins, directions, depth, exit), field, color, insideBounds);
        if (kept is null) return MoveOut(result);
        Tensor Scatter(Tensor values) =>
            zeros([rays, .. values.shape.Skip(1)], values.dtype, values.device).index_copy(0, kept, values);
        return MoveOut(new RenderedRays(Scatter(result.Depth), Scatter(result.Variance), result.Color is null ? null : Scatter(result.Color),
            Scatter(result.Weights), insideBounds));
    }

    /// <summary>The rendered rays moved out of the current dispose scope to the caller's.</summary>
    private static RenderedRays MoveOut(RenderedRays rays) =>
        new(rays.Depth.MoveToOuterDisposeScope(), rays.Variance.MoveToOuterDisposeScope(), rays.Color?.MoveToOuterDisposeScope(),
            rays.Weights.MoveToOuterDisposeScope(), rays.InsideBounds.MoveToOuterDisposeScope());

    /// <summary>Sample depths along rays and the sample points: z [R, N] (no gradient) and points [R, N, 3]
    /// (differentiable in origins and directions).</summary>
    public (Tensor Z, Tensor Points) Sample(Tensor origins, Tensor directions, Tensor depth, Tensor exit)
    {
        using var scope = NewDisposeScope();
        Tensor z;
        using (no_grad())
            z = Fused && Sampling.Mode == RaySamplingMode.Reference ? Sampling.ReferenceDepths(depth, exit, merge: true) : Sampling.Depths(depth, exit, jitter);
        var points = origins.unsqueeze(1).add(directions.unsqueeze(1) * z.unsqueeze(2), HeldScalars.One);   // [R, N, 3]
        return (z.MoveToOuterDisposeScope(), points.MoveToOuterDisposeScope());
    }

    /// <summary>Queries the field at the sample points and composites: the rendered rays for samples z [R, N] at
    /// points [R, N, 3].</summary>
    public RenderedRays Composite((Tensor Z, Tensor Points) samples, RadianceField field, bool color, Tensor insideBounds)
    {
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var (z, points) = samples;
        long rays = z.shape[0], count = z.shape[1];
        var flat = points.reshape(-1, 3);
        var values = field(flat, color);
        var inside = Inside(flat);
        var logits = Fused
            ? values.Logit.masked_fill(inside.logical_not(), s[OutsideLogit]).reshape(rays, count)
            : where(inside, values.Logit, full(flat.shape[0], s[OutsideLogit], flat.dtype, flat.device)).reshape(rays, count);
        var weights = Weights(logits);                                                          // [R, N]
        var rendered = (weights * z).sum(1);                                                   // [R]
        var variance = (weights * (z - rendered.unsqueeze(1)).pow(HeldScalars.Two)).sum(1);
        Tensor? rgb = null;
        if (color)
            rgb = (weights.unsqueeze(2) * values.Rgb!.reshape(rays, count, 3)).sum(1);          // [R, 3]
        return MoveOut(new RenderedRays(rendered, variance, rgb, weights, insideBounds));
    }

    /// <summary>Compositing weights wᵢ = oᵢ Πⱼ&lt;ᵢ (1 − oⱼ + 1e-10), o = sigmoid(10 logit): logits [R, N] -> [R, N].</summary>
    public static Tensor Weights(Tensor logits)
    {
        using var scope = NewDisposeScope();
        using var s = new HeldScalars();
        var occupancy = logits.mul(s.Integer(10)).sigmoid();                                   // [R, N]
        var rays = occupancy.shape[0];
        var open = occupancy.negative().add(HeldScalars.One, HeldScalars.One).add(s[1e-10], HeldScalars.One);                      // 1 − o + 1e-10
        var transmittance = cumprod(cat([ones(rays, 1, occupancy.dtype, occupancy.device), open], 1), 1)[.., ..^1];
        return (occupancy * transmittance).MoveToOuterDisposeScope();
    }

    /// <summary>Depth at which each ray leaves the bounds: [R].</summary>
    public Tensor ExitDepth(Tensor origins, Tensor directions)
    {
        using var scope = NewDisposeScope();
        var min = tensor(new[] { Bounds.MinX, Bounds.MinY, Bounds.MinZ }, origins.dtype, origins.device);
        var max = tensor(new[] { Bounds.MaxX, Bounds.MaxY, Bounds.MaxZ }, origins.dtype, origins.device);
        var toMin = (min - origins) / directions;
        var toMax = (max - origins) / directions;
        return maximum(toMin, toMax).nan_to_num(double.PositiveInfinity).min(1).values.MoveToOuterDisposeScope();   // per axis the far plane; the nearest of those
    }

    private Tensor Inside(Tensor points)
    {
        var min = tensor(new[] { Bounds.MinX, Bounds.MinY, Bounds.MinZ }, points.dtype, points.device);
        var max = tensor(new[] { Bounds.MaxX, Bounds.MaxY, Bounds.MaxZ }, points.dtype, points.device);
        return ((points >= min) & (points <= max)).all(1);
    }
}
