using NiceSlam.Core.Map;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Map;

public class FeatureGridTests
{
    private static readonly Bounds3 Box = new(-1, 0, 0.5, 1, 1.6, 1.7);

    [Fact]
    public void Extents_round_up_to_whole_voxels_and_vertices_lie_one_voxel_apart()
    {
        using var grid = FeatureGrid.Create(Box, 0.32, 32, 0.01, new Generator(1));
        // x: 2 / 0.32 = 6.25 -> 7 voxels, 8 vertices; y: 1.6 / 0.32 = 5 -> 6; z: 1.2 / 0.32 = 3.75 -> 4 voxels, 5
        // vertices; layout [1, C, Z, Y, X]; the minimum corner stays.
        Assert.Equal(new long[] { 1, 32, 5, 6, 8 }, grid.Values.shape);
        Assert.Equal(Box.MinX, grid.Bounds.MinX);
        Assert.Equal(Box.MinX + 7 * 0.32, grid.Bounds.MaxX, 9);
        Assert.Equal(Box.MaxY, grid.Bounds.MaxY, 9);
        Assert.Equal(Box.MinZ + 4 * 0.32, grid.Bounds.MaxZ, 9);
        Assert.True(grid.CanGrow);
        double std = grid.Values.std().item<float>();
        Assert.InRange(std, 0.008, 0.012);
    }

    [Fact]
    public void Legacy_lattice_of_older_maps_still_loads_but_cannot_grow()
    {
        // The reference's lattice: int(extent / voxel) vertices spread over the extent (x 6, y 5, z 3 here).
        var shape = FeatureGrid.LegacyShapeFor(Box, 0.32, 4);
        Assert.Equal(new long[] { 1, 4, 3, 5, 6 }, shape);
        Assert.True(FeatureGrid.Fits(shape, Box, 0.32));
        Assert.False(FeatureGrid.Fits([1, 4, 3, 5, 7], Box, 0.32));
        using var values = randn(shape);
        using var grid = FeatureGrid.FromValues(Box, 0.32, values);
        Assert.False(grid.CanGrow);
        Assert.Throws<InvalidOperationException>(() => grid.Grown(Box.Expanded(1), 0.01));
    }

    [Fact]
    public void A_grown_grid_keeps_every_vertex_where_it_was_with_its_value_and_initialises_the_new_ones()
    {
        using var scope = NewDisposeScope();
        using var grid = FeatureGrid.Create(Box, 0.32, 8, 1.0, new Generator(5));
        var b = grid.Bounds;
        // Beyond the box by 0.5 m at min x (2 voxels), 0.1 m at max y (1 voxel), and not at all on z.
        using var grown = grid.Grown(new Bounds3(b.MinX - 0.5, b.MinY, b.MinZ + 0.2, b.MaxX, b.MaxY + 0.1, b.MaxZ - 0.1), 0.01, new Generator(6));
        Assert.Equal(b.MinX - 2 * 0.32, grown.Bounds.MinX, 9);
        Assert.Equal(b.MaxY + 0.32, grown.Bounds.MaxY, 9);
        Assert.Equal((b.MinZ, b.MaxZ, b.MinY, b.MaxX), (grown.Bounds.MinZ, grown.Bounds.MaxZ, grown.Bounds.MinY, grown.Bounds.MaxX));
        long nz = grid.Values.shape[2], ny = grid.Values.shape[3], nx = grid.Values.shape[4];
        Assert.Equal(new long[] { 1, 8, nz, ny + 1, nx + 2 }, grown.Values.shape);
        Assert.True(grown.CanGrow);
        var kept = grown.Values.detach().narrow(3, 0, ny).narrow(4, 2, nx);
        Assert.True(kept.eq(grid.Values.detach()).all().item<bool>(), "existing vertices must keep their values exactly");
        var added = grown.Values.detach().narrow(4, 0, 2);
        Assert.InRange(added.std().item<float>(), 0.007, 0.013);                     // N(0, 0.01²), as at the start
        // The same trilinear features anywhere inside the old bounds.
        var points = rand(200, 3, generator: new Generator(7)) * tensor(new[] { (float)b.SizeX, (float)b.SizeY, (float)b.SizeZ })
            + tensor(new[] { (float)b.MinX, (float)b.MinY, (float)b.MinZ });
        Assert.True(allclose(grown.Sample(points), grid.Sample(points), 1e-4, 1e-4));
        Assert.True(allclose(grown.SampleCorners(grown.Corners(points)), grid.Sample(points), 1e-4, 1e-4));
        Assert.Equal(grid.Values.requires_grad, grown.Values.requires_grad);
    }

    [Fact]
    public void Lookup_at_vertices_returns_their_values_and_between_them_interpolates_linearly()
    {
        using var scope = NewDisposeScope();
        using var grid = FeatureGrid.Create(Box, 0.32, 2, 1.0, new Generator(2));
        var v = grid.Values.detach();
        var box = grid.Bounds;
        long nz = v.shape[2], ny = v.shape[3], nx = v.shape[4];
        double Coordinate(double min, double size, long i, long n) => min + size * i / (n - 1);
        // Vertex (ix=2, iy=1, iz=2) and its x-neighbour.
        double x0 = Coordinate(box.MinX, box.SizeX, 2, nx), x1 = Coordinate(box.MinX, box.SizeX, 3, nx);
        double y = Coordinate(box.MinY, box.SizeY, 1, ny), z = Coordinate(box.MinZ, box.SizeZ, 2, nz);
        var points = tensor(new[] { (float)x0, (float)y, (float)z, (float)(0.25 * x0 + 0.75 * x1), (float)y, (float)z }).reshape(2, 3);
        var features = grid.Sample(points);                                     // [2, 2]
        var atVertex = v[0, .., 2, 1, 2];
        var expectedMix = v[0, .., 2, 1, 2] * 0.25 + v[0, .., 2, 1, 3] * 0.75;
        Assert.True(allclose(features[0], atVertex, 1e-4, 1e-5));
        Assert.True(allclose(features[1], expectedMix, 1e-4, 1e-5));
    }

    [Fact]
    public void Outside_the_bounds_the_border_value_is_used_and_inside_is_reported()
    {
        using var scope = NewDisposeScope();
        using var grid = FeatureGrid.Create(Box, 0.5, 3, 1.0, new Generator(3));
        var points = tensor(new[] { -5f, 0f, 0.5f, -1f, 0f, 0.5f, 0f, 0.8f, 1f }).reshape(3, 3);
        var features = grid.Sample(points);
        Assert.True(allclose(features[0], features[1], 1e-5, 1e-6));     // clamped to the corner
        Assert.Equal(new[] { false, true, true }, grid.Inside(points).data<bool>().ToArray());
    }

    [Fact]
    public void Gradients_reach_only_the_vertices_around_the_point()
    {
        using var scope = NewDisposeScope();
        using var grid = FeatureGrid.Create(Box, 0.32, 4, 0.01, new Generator(4));
        grid.Sample(tensor(new[] { 0.05f, 0.7f, 1.0f }).reshape(1, 3)).sum().backward();
        long touched = (grid.Values.grad!.abs().sum(1) > 0).sum().item<long>();
        Assert.Equal(8, touched);
    }

    /// <summary>The fused lookup (corners and weights, embedding_bag) against grid_sample (the reference): the same
    /// values and grid gradients, with and without a gradient to the points.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_fused_lookup_gives_grid_samples_values_and_gradients(bool pointGradient)
    {
        using var scope = NewDisposeScope();
        using var grid = FeatureGrid.Create(Box, 0.16, 8, 0.5, new Generator(5));
        var generator = new Generator(6);
        var min = tensor(new[] { Box.MinX, Box.MinY, Box.MinZ }, float32);
        var size = tensor(new[] { Box.SizeX, Box.SizeY, Box.SizeZ }, float32);
        var points = rand(new long[] { 500, 3 }, generator: generator) * size + min;           // [500, 3] inside
        var upstream = randn(new long[] { 500, 8 }, generator: generator);                       // d loss / d features

        var reference = grid.Sample(points);
        (reference * upstream).sum().backward();
        var referenceGradient = grid.Values.grad!.clone();
        grid.Values.grad = null;

        var probe = points.clone().requires_grad_(pointGradient);
        var corners = grid.Corners(probe);
        Assert.Equal(pointGradient, corners.Weights.requires_grad);
        var fused = grid.SampleCorners(corners);
        (fused * upstream).sum().backward();

        Assert.True(allclose(fused, reference, 1e-4, 1e-5), $"values differ by {(fused - reference).abs().max().item<float>()}");
        var gradient = grid.Values.grad!;
        Assert.True(allclose(gradient, referenceGradient, 1e-4, 1e-5), $"grid gradients differ by {(gradient - referenceGradient).abs().max().item<float>()}");
        Assert.True((gradient.abs().sum(1) > 0).sum().item<long>() > 100);                        // many vertices touched, several times each
        Assert.Equal(pointGradient, probe.grad is not null);
    }

    [Fact]
    public void Degenerate_bounds_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => FeatureGrid.Create(new Bounds3(0, 0, 0, 0, 1, 1), 0.1, 4, 0.01));
    }
}
