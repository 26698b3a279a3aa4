using NiceSlam.Pretraining.Scenes;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Tests.Scenes;

public class TrainingSceneTests
{
    private static float[] Occupancy(TrainingScene scene, params double[] xyz) =>
        scene.Occupancy(tensor(xyz, ScalarType.Float64).reshape(-1, 3)).data<float>().ToArray();

    // A 4 x 3 x 2.5 room, walls 0.2 m, with a table-like box and a ball.
    private static TrainingScene Room() => new(4, 3, 2.5, 0.2,
    [
        new SceneObject(SceneObjectKind.Cabinet, [new SolidBox(1, 1, 0.4, 0.5, 0.3, 0.4)]),
        new SceneObject(SceneObjectKind.Ball, [new SolidSphere(3, 2, 0.25, 0.25)]),
    ]);

    [Fact]
    public void Interior_is_free_except_furniture_and_the_shell_and_outside_are_occupied()
    {
        var scene = Room();
        Assert.Equal((-0.3, 4.3), (scene.Bounds.MinX, scene.Bounds.MaxX));
        Assert.Equal((-0.3, 2.8), (scene.Bounds.MinZ, scene.Bounds.MaxZ));
        Assert.Equal(new float[] { 0, 0, 1, 1 }, Occupancy(scene, 2, 1.5, 1.25, 0.01, 0.01, 2.49, 1, 1, 0.5, 3, 2, 0.3));   // free, free, cabinet, ball
        Assert.Equal(new float[] { 1, 1, 1, 1, 1, 1 }, Occupancy(scene,
            -0.1, 1.5, 1, 4.1, 1.5, 1, 2, -0.15, 1, 2, 3.19, 1, 2, 1.5, -0.05, 2, 1.5, 2.6));                              // walls, floor, ceiling
        Assert.Equal(new float[] { 0, 0 }, Occupancy(scene, -0.25, 1.5, 1, 2, 1.5, 2.75));                                  // behind the shell, in bounds
        Assert.Equal(new float[] { 1, 1, 1 }, Occupancy(scene, -0.35, 1.5, 1, 2, 1.5, 2.85, 2, 9, 1));                       // out of bounds
        Assert.Equal(6 + 2, scene.Solids.Count);
    }

    [Fact]
    public void Surface_samples_are_on_exposed_surfaces_only()
    {
        var scene = Room();
        var p = scene.SampleSurface(20000, new Generator(11));
        Assert.Equal(new long[] { 20000, 3 }, p.shape);
        Assert.Equal(ScalarType.Float32, p.dtype);
        var d = p.to(ScalarType.Float64).data<double>().ToArray();
        int onFloorUnderCabinet = 0, insideWalls = 0, onInnerFloor = 0;
        for (int i = 0; i < d.Length; i += 3)
        {
            double x = d[i], y = d[i + 1], z = d[i + 2];
            if (Math.Abs(z) < 1e-6 && x > 0.52 && x < 1.48 && y > 0.72 && y < 1.28) onFloorUnderCabinet++;
            if (x > -0.19 && x < -0.01 && y > 0.01 && y < 2.99 && z > 0.01 && z < 2.49) insideWalls++;
            if (Math.Abs(z) < 1e-6 && x > 0 && x < 4 && y > 0 && y < 3) onInnerFloor++;
        }
        Assert.Equal(0, onFloorUnderCabinet);
        Assert.Equal(0, insideWalls);
        Assert.True(onInnerFloor > 1000);
        // Every sample is within the bounds.
        var b = scene.Bounds;
        Assert.True(p[.., 0].min().item<float>() >= b.MinX - 1e-6 && p[.., 2].max().item<float>() <= b.MaxZ + 1e-6);
    }

    [Fact]
    public void Surface_samples_have_free_space_next_to_them()
    {
        var scene = Room();
        var p = scene.SampleSurface(3000, new Generator(12)).to(ScalarType.Float64);
        var free = zeros(3000, ScalarType.Bool);
        foreach (var axis in new[] { 0, 1, 2 })
        foreach (var sign in new[] { -1.0, 1.0 })
        {
            var q = p.clone();
            q[.., axis] += sign * 2e-3;
            free.logical_or_(scene.OccupiedMask(q).logical_not());
        }
        // Near-surface points: an offset of 2 mm along some axis reaches free space (sphere points all do as well).
        Assert.True(free.all().item<bool>());
    }

    [Fact]
    public void Fast_occupancy_equals_the_union_of_all_solids_and_the_out_of_bounds_region()
    {
        foreach (int seed in new[] { 4, 9 })
        {
            var scene = TrainingSceneGenerator.Generate(seed);
            var g = new Generator((ulong)seed);
            var b = scene.Bounds;
            var lo = tensor(new[] { b.MinX - 0.2, b.MinY - 0.2, b.MinZ - 0.2 }, ScalarType.Float64);
            var size = tensor(new[] { b.SizeX + 0.4, b.SizeY + 0.4, b.SizeZ + 0.4 }, ScalarType.Float64);
            // Random points (surface points are left out: on a face, the centre / half-extent form of a box and the
            // analytic shell may round differently).
            var p = rand(new long[] { 30000, 3 }, ScalarType.Float64, generator: g) * size + lo;
            var expected = (p < tensor(new[] { b.MinX, b.MinY, b.MinZ }, ScalarType.Float64)).any(1) | (p > tensor(new[] { b.MaxX, b.MaxY, b.MaxZ }, ScalarType.Float64)).any(1);
            foreach (var solid in scene.Solids) expected = expected | solid.Contains(p);
            var got = scene.OccupiedMask(p);
            Assert.Equal(0, (got != expected).sum().item<long>());
            Assert.InRange(got.to(ScalarType.Float64).mean().item<double>(), 0.1, 0.9);
        }
    }
}
