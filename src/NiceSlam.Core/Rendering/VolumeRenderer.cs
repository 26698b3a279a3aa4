using NiceSlam.Core.Map;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Rendering;

/// <summary>Rendered depth, its variance and (when a colour field is given) colour, per ray, and which rays the
/// method keeps: bool [R], false where the measured depth lies beyond the ray's exit from the bounds.</summary>
public sealed record RenderedRays(Tensor Depth, Tensor Variance, Tensor? Color, Tensor Weights, Tensor InsideBounds);

/// <summary>
/// NICE-SLAM's occupancy volume rendering: samples along each ray (<see cref="RaySampling"/>), occupancy
/// o = sigmoid(10 logit) at every sample, weights wᵢ = oᵢ Πⱼ&lt;ᵢ (1 − oⱼ + 1e-10), depth D = Σ wᵢ zᵢ,
/// variance Σ wᵢ (zᵢ − D)², colour Σ wᵢ cᵢ. Points outside the map bounds get logit 100 (occupied), as the method
/// defines. Rays are given in world coordinates with directions whose camera-frame z is 1, so z is optical depth.
/// </summary>
public sealed class VolumeRenderer(Bounds3 bounds, RaySampling? sampling = null)
{
    public const double OutsideLogit = 100;

    public Bounds3 Bounds { get; } = bounds;
    public RaySampling Sampling { get; } = sampling ?? new RaySampling();

    /// <param name="origins">[R, 3] ray origins (the camera centre), world.</param>
    /// <param name="directions">[R, 3] world directions (camera-frame z = 1).</param>
    /// <param name="depth">[R] measured depth (0 = none), guides the near-surface samples.</param>
    /// <param name="logit">occupancy logits at points [M, 3] -> [M].</param>
    /// <param name="color">colour at points [M, 3] -> [M, 3], optional.</param>
    public RenderedRays Render(Tensor origins, Tensor directions, Tensor depth, Func<Tensor, Tensor> logit, Func<Tensor, Tensor>? color = null)
    {
        using var scope = NewDisposeScope();
        Tensor z, insideBounds;
        using (no_grad())
        {
            var exit = ExitDepth(origins, directions);                                          // [R]
            z = Sampling.Depths(depth, exit);                                                   // [R, N]
            insideBounds = depth <= exit;
        }
        long rays = z.shape[0], samples = z.shape[1];
        var points = origins.unsqueeze(1) + directions.unsqueeze(1) * z.unsqueeze(2);       // [R, N, 3]
        var flat = points.reshape(-1, 3);
        var inside = Inside(flat);
        var logits = where(inside, logit(flat), full(flat.shape[0], OutsideLogit, flat.dtype, flat.device)).reshape(rays, samples);
        var occupancy = (logits * 10).sigmoid();                                               // [R, N]
        var transmittance = cumprod(cat([ones(rays, 1, occupancy.dtype, occupancy.device), 1 - occupancy + 1e-10], 1), 1)[.., ..^1];
        var weights = occupancy * transmittance;                                               // [R, N]
        var rendered = (weights * z).sum(1);                                                   // [R]
        var variance = (weights * (z - rendered.unsqueeze(1)).pow(2)).sum(1);
        Tensor? rgb = null;
        if (color is not null)
            rgb = (weights.unsqueeze(2) * color(flat).reshape(rays, samples, 3)).sum(1);      // [R, 3]
        return new RenderedRays(rendered.MoveToOuterDisposeScope(), variance.MoveToOuterDisposeScope(), rgb?.MoveToOuterDisposeScope(),
            weights.MoveToOuterDisposeScope(), insideBounds.MoveToOuterDisposeScope());
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
