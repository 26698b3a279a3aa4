using NiceSlam.Pretraining.Scenes;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Tests.Scenes;

public class OccupancySamplerTests
{
    [Fact]
    public void Counts_types_bounds_and_label_shares_are_plausible()
    {
        foreach (int seed in new[] { 0, 1, 2 })
        {
            var scene = TrainingSceneGenerator.Generate(seed);
            var g = new Generator((ulong)seed + 100);
            var (uniformPoints, uniformLabels) = OccupancySampler.Sample(scene, 20000, 0, g);
            Assert.Equal(new long[] { 20000, 3 }, uniformPoints.shape);
            Assert.Equal(new long[] { 20000 }, uniformLabels.shape);
            Assert.Equal(ScalarType.Float32, uniformPoints.dtype);
            Assert.Equal(ScalarType.Float32, uniformLabels.dtype);
            Assert.InRange(uniformPoints[.., 0].min().item<float>(), scene.Bounds.MinX - 1e-5, scene.Bounds.MaxX);
            Assert.InRange(uniformPoints[.., 2].max().item<float>(), scene.Bounds.MinZ, scene.Bounds.MaxZ + 1e-5);
            Assert.InRange(uniformLabels.mean().item<float>(), 0.05, 0.6);

            var (nearPoints, nearLabels) = OccupancySampler.Sample(scene, 0, 20000, g);
            Assert.Equal(new long[] { 20000, 3 }, nearPoints.shape);
            Assert.InRange(nearLabels.mean().item<float>(), 0.25, 0.75);
            Assert.True(((nearLabels == 0) | (nearLabels == 1)).all().item<bool>());
        }
    }

    [Fact]
    public void Labels_match_the_scene_draws_are_deterministic_and_near_points_hug_the_surface()
    {
        var scene = TrainingSceneGenerator.Generate(5);
        var (points, labels) = OccupancySampler.Sample(scene, 3000, 3000, new Generator(7));
        Assert.Equal(6000, points.shape[0]);
        Assert.True((scene.Occupancy(points) == labels).all().item<bool>());
        // Same generator seed, same draw.
        var (again, againLabels) = OccupancySampler.Sample(scene, 3000, 3000, new Generator(7));
        Assert.True((points == again).all().item<bool>() && (labels == againLabels).all().item<bool>());
        // A tiny sigma keeps near points within a few millimetres of the exposed surface: every one of them has
        // both occupied and free space within 1 cm along some axis.
        var (near, _) = OccupancySampler.Sample(scene, 0, 500, new Generator(8), 1e-3, 1e-3);
        var p64 = near.to(ScalarType.Float64);
        var seesFree = zeros(500, ScalarType.Bool);
        var seesOccupied = zeros(500, ScalarType.Bool);
        foreach (var axis in new[] { 0, 1, 2 })
        foreach (var sign in new[] { -1.0, 1.0 })
        {
            var q = p64.clone();
            q[.., axis] += sign * 0.01;
            var occ = scene.OccupiedMask(q);
            seesOccupied.logical_or_(occ);
            seesFree.logical_or_(occ.logical_not());
        }
        Assert.True((seesFree & seesOccupied).to(ScalarType.Float32).mean().item<float>() > 0.97);
    }
}
