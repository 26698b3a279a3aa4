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
