using NiceSlam.Core.Map;
using NiceSlam.Core.Rendering;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Rendering;

public class VolumeRendererTests
{
    private static readonly Bounds3 Box = new(-3, -3, -1, 3, 3, 6);

    // A wall: occupied where z > 2 (camera at the origin looking along +z).
    private static Tensor Wall(Tensor p) => where(p[.., 2] > 2, full(p.shape[0], 5.0, p.dtype), full(p.shape[0], -5.0, p.dtype));

    private static (Tensor O, Tensor D) Rays(int n)
    {
        var directions = stack([linspace(-0.3, 0.3, n, float64), zeros(n, float64), ones(n, float64)], 1); // camera z = 1
        return (zeros(n, 3, float64), directions);
    }

    [Fact]
    public void Sampling_puts_32_stratified_and_16_near_surface_samples_sorted()
    {
        using var scope = NewDisposeScope();
        var sampling = new RaySampling();
        var z = sampling.Depths(tensor(new[] { 2.0, 0.0 }), tensor(new[] { 5.0, 5.0 }));
        Assert.Equal(new long[] { 2, 48 }, z.shape);
        Assert.True((z[.., 1..] >= z[.., ..^1]).all().item<bool>());
        Assert.Equal(0.02, z[0, 0].item<double>(), 9);                    // near = 0.01 d
        Assert.Equal(2.4, z[0, ^1].item<double>(), 9);                     // far clamped to 1.2 max d
        var nearSurface = z[0][(z[0] >= 1.9 - 1e-9) & (z[0] <= 2.1 + 1e-9)];
        Assert.True(nearSurface.shape[0] >= 16);
        Assert.Equal(0.0, z[1, 0].item<double>(), 9);                      // d = 0: near 0, samples up to max d
    }

    [Fact]
    public void A_wall_renders_at_its_depth_with_small_variance()
    {
        using var scope = NewDisposeScope();
        var renderer = new VolumeRenderer(Box);
        var (o, d) = Rays(5);
        var result = renderer.Render(o, d, full(5, 2.0, float64), Wall);
        Assert.True(((result.Depth - 2).abs() < 0.01).all().item<bool>(), result.Depth.ToString());
        Assert.True((result.Variance < 1e-3).all().item<bool>());
        Assert.True(((result.Weights.sum(1) - 1).abs() < 1e-3).all().item<bool>());
        Assert.True(result.InsideBounds.all().item<bool>());                 // the wall lies inside the box
    }

    [Fact]
    public void Empty_space_renders_the_bounds_as_occupied_and_colour_is_weighted()
    {
        using var scope = NewDisposeScope();
        var renderer = new VolumeRenderer(new Bounds3(-3, -3, -1, 3, 3, 1.5));
        var (o, d) = Rays(3);
        var empty = (Func<Tensor, Tensor>)(p => full(p.shape[0], -5.0, p.dtype));
        var red = (Func<Tensor, Tensor>)(p => tensor(new[] { 1.0, 0, 0 }).expand(p.shape[0], 3));
        var result = renderer.Render(o, d, full(3, 2.0, float64), empty, red);
        // Nothing inside: the first sample beyond z = 1.5 (outside the bounds: logit 100) stops the ray.
        Assert.True(((result.Depth - 1.5).abs() < 0.1).all().item<bool>(), result.Depth.ToString());
        Assert.True(((result.Color![.., 0] - 1).abs() < 1e-3).all().item<bool>());
        Assert.True((result.Color[.., 1].abs() < 1e-6).all().item<bool>());
        Assert.False(result.InsideBounds.any().item<bool>());                // measured 2 m lies beyond the exit at 1.5 m
    }

    [Fact]
    public void Gradients_flow_from_rendered_depth_to_the_field()
    {
        using var scope = NewDisposeScope();
        var renderer = new VolumeRenderer(Box);
        var (o, d) = Rays(4);
        var shift = tensor(0.0, float64).requires_grad_(true);
        var result = renderer.Render(o, d, full(4, 2.0, float64), p => (p[.., 2] - 2 - shift) * 20);
        (result.Depth - 2.02).abs().sum().backward();
        Assert.True(shift.grad is not null && shift.grad.item<double>() != 0);
    }
}

public class FusedRenderingTests
{
    private static readonly NiceSlam.Core.Map.Bounds3 Room = new(-1, -1, 0, 1.5, 1, 2.2);

    private static NiceSlam.Core.Map.HierarchicalMap Map() => NiceSlam.Core.Map.HierarchicalMap.Create(Room, NiceSlam.Core.Slam.SlamPresets.Cpu(),
        new NiceSlam.Core.Decoders.NiceDecoders(new Generator(1)), new Generator(2));

    [Theory]
    [InlineData(NiceSlam.Core.Map.MapLevel.Middle)]
    [InlineData(NiceSlam.Core.Map.MapLevel.Fine)]
    public void The_fused_query_gives_the_reference_values_and_gradients(NiceSlam.Core.Map.MapLevel level)
    {
        using var map = Map();
        using var scope = NewDisposeScope();
        // Points inside and outside the bounds (border-clamped), with gradients to the points and the grids.
        var points = (rand(300, 3, generator: new Generator(3)) * tensor(new[] { 3.5f, 3f, 3.2f }) - tensor(new[] { 1.5f, 1.5f, 0.5f }));
        var reference = points.clone().requires_grad_(true);
        var fused = points.clone().requires_grad_(true);
        var a = map.Field(level, fused: false)(reference, true);
        var b = map.Field(level, fused: true)(fused, true);
        Assert.True(allclose(a.Logit, b.Logit, 1e-4, 1e-5), "logits");
        Assert.True(allclose(a.Rgb!, b.Rgb!, 1e-4, 1e-5), "colour");
        var weights = randn(300, generator: new Generator(4));
        (a.Logit * weights).sum().add(a.Rgb!.sum()).backward();
        var gridGradients = map.Grids.Select(g => g.Values.grad?.clone()).ToArray();
        foreach (var g in map.Grids) g.Values.grad = null;
        (b.Logit * weights).sum().add(b.Rgb!.sum()).backward();
        foreach (var (g, expected) in map.Grids.Zip(gridGradients))
            if (expected is not null) Assert.True(allclose(g.Values.grad!, expected, 1e-4, 1e-6), "grid gradient");
        var inside = ((points >= tensor(new[] { -1f, -1f, 0f })) & (points <= tensor(new[] { 1.5f, 1f, 2.2f }))).all(1);
        Assert.True(allclose(reference.grad![inside], fused.grad![inside], 1e-3, 1e-4), "point gradient");
    }

    [Fact]
    public void Fused_rendering_matches_the_reference_path_and_drops_rays_beyond_the_bounds()
    {
        using var map = Map();
        using var scope = NewDisposeScope();
        var origins = tensor(new[] { 0.2f, 0.1f, 0.3f }).expand(6, 3);
        var directions = stack([linspace(-0.3f, 0.3f, 6), zeros(6), ones(6)], 1);
        var depth = tensor(new[] { 1.2f, 1.5f, 1.7f, 3.0f, 0.9f, 1.1f });               // 3.0 m lies beyond the exit at z = 2.2
        var sampling = new RaySampling(Mode: RaySamplingMode.DepthGuided);
        var reference = new VolumeRenderer(map.Bounds, sampling, fused: false).Render(origins, directions, depth, map.Field(NiceSlam.Core.Map.MapLevel.Fine, false), color: true);
        var fused = new VolumeRenderer(map.Bounds, sampling, fused: true).Render(origins, directions, depth, map.Field(NiceSlam.Core.Map.MapLevel.Fine, true), color: true);
        Assert.Equal(new[] { true, true, true, false, true, true }, fused.InsideBounds.data<bool>().ToArray());
        Assert.True((reference.InsideBounds == fused.InsideBounds).all().item<bool>());
        var keep = fused.InsideBounds;
        Assert.True(allclose(reference.Depth[keep], fused.Depth[keep], 1e-4, 1e-5));
        Assert.True(allclose(reference.Variance[keep], fused.Variance[keep], 1e-4, 1e-5));
        Assert.True(allclose(reference.Color![keep], fused.Color![keep], 1e-4, 1e-5));
        Assert.Equal(0f, fused.Depth[3].item<float>());                                  // nothing computed for the dropped ray
    }
}
