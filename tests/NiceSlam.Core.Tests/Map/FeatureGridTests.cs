using NiceSlam.Core.Map;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Core.Tests.Map;

public class FeatureGridTests
{
    private static readonly Bounds3 Box = new(-1, 0, 0.5, 1, 1.6, 1.7);

    [Fact]
    public void Vertex_counts_follow_int_extent_over_voxel()
    {
        using var grid = FeatureGrid.Create(Box, 0.32, 32, 0.01, new Generator(1));
        // x: 2 / 0.32 = 6.25 -> 6, y: 1.6 / 0.32 = 5, z: 1.2 / 0.32 = 3.75 -> 3; layout [1, C, Z, Y, X]
        Assert.Equal(new long[] { 1, 32, 3, 5, 6 }, grid.Values.shape);
        double std = grid.Values.std().item<float>();
        Assert.InRange(std, 0.008, 0.012);
    }

    [Fact]
    public void Lookup_at_vertices_returns_their_values_and_between_them_interpolates_linearly()
    {
        using var scope = NewDisposeScope();
        using var grid = FeatureGrid.Create(Box, 0.32, 2, 1.0, new Generator(2));
        var v = grid.Values.detach();
        long nz = v.shape[2], ny = v.shape[3], nx = v.shape[4];
        double Coordinate(double min, double size, long i, long n) => min + size * i / (n - 1);
        // Vertex (ix=2, iy=1, iz=2) and its x-neighbour.
        double x0 = Coordinate(Box.MinX, Box.SizeX, 2, nx), x1 = Coordinate(Box.MinX, Box.SizeX, 3, nx);
        double y = Coordinate(Box.MinY, Box.SizeY, 1, ny), z = Coordinate(Box.MinZ, Box.SizeZ, 2, nz);
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

    [Fact]
    public void Degenerate_bounds_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => FeatureGrid.Create(new Bounds3(0, 0, 0, 0, 1, 1), 0.1, 4, 0.01));
    }
}
