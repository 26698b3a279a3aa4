using NiceSlam.Core.Map;
using NiceSlam.Core.Mapping;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Mapping;

public class GridOptimizerTests
{
    [Fact]
    public void Adam_on_the_masks_box_equals_masked_adam_over_the_whole_grid()
    {
        var box = new Bounds3(0, 0, 0, 2, 1.6, 1.2);
        using var a = FeatureGrid.Create(box, 0.2, 4, 0.1, new Generator(1));
        using var b = FeatureGrid.FromValues(box, 0.2, a.Values);
        using var scope = NewDisposeScope();
        var mask = zeros(new long[] { 1, 1, a.Values.shape[2], a.Values.shape[3], a.Values.shape[4] });
        mask[.., .., 1..4, 2..5, 3..7] = tensor(1f);
        mask[0, 0, 2, 3, 4] = tensor(0f);                                                // a hole inside the box
        using var reference = IGridOptimizer.Create(a, mask, region: false);
        using var region = IGridOptimizer.Create(b, mask, region: true);
        Assert.Equal((1L, 2L, 3L, 3L, 3L, 4L), ((GridRegionAdam)region).Box);
        var before = a.Values.detach().clone();
        for (int step = 0; step < 5; step++)
        {
            var points = rand(200, 3, generator: new Generator((ulong)(10 + step))) * tensor(new[] { 2f, 1.6f, 1.2f });
            var target = randn(200, 4, generator: new Generator((ulong)(20 + step)));
            foreach (var (grid, optimizer) in new[] { (a, reference), (b, region) })
            {
                grid.Values.grad = null;
                (grid.Sample(points) - target).pow(2).sum().backward();
                optimizer.Step(0.05 * (step + 1));
            }
        }
        Assert.True(allclose(a.Values, b.Values, 1e-5, 1e-7));
        var changed = (a.Values - before).abs().sum(1, keepdim: true) > 0;               // [1, 1, Z, Y, X]
        Assert.True(changed.any().item<bool>());
        Assert.False((changed & (mask == 0)).any().item<bool>(), "only masked vertices change");
    }

    [Fact]
    public void An_empty_mask_changes_nothing()
    {
        var box = new Bounds3(0, 0, 0, 1, 1, 1);
        using var grid = FeatureGrid.Create(box, 0.25, 2, 0.1, new Generator(1));
        using var scope = NewDisposeScope();
        var before = grid.Values.detach().clone();
        using var optimizer = IGridOptimizer.Create(grid, zeros(new long[] { 1, 1, grid.Values.shape[2], grid.Values.shape[3], grid.Values.shape[4] }), region: true);
        grid.Sample(rand(10, 3)).sum().backward();
        optimizer.Step(0.1);
        Assert.True((before == grid.Values).all().item<bool>());
    }
}
