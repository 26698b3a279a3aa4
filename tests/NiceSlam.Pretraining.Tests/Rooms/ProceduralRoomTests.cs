using NiceSlam.Pretraining.Rooms;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Tests.Rooms;

public class ProceduralRoomTests
{
    private static float[] Occupancy(ProceduralRoom room, params double[] xyz) =>
        room.Occupancy(tensor(xyz, float64).reshape(-1, 3)).data<float>().ToArray();

    [Fact]
    public void Solids_contain_exactly_their_inside_including_a_yawed_box()
    {
        var room = new ProceduralRoom(4, 4, 3,
        [
            RoomSolid.Box(2, 2, 0.5, 1.0, 0.1, 0.5, Math.PI / 2),   // long along y after the yaw
            RoomSolid.Sphere(1, 1, 1, 0.3),
            RoomSolid.Cylinder(3, 1, 1, 0.2, 1),
        ]);
        Assert.Equal(new float[] { 1, 0 }, Occupancy(room, 2, 2.9, 0.5, 2.9, 2, 0.5));   // inside only because of the yaw
        Assert.Equal(new float[] { 1, 0 }, Occupancy(room, 1.2, 1.2, 1.0, 1.25, 1.25, 1.0)); // sphere r=0.3: 0.28 in, 0.35 out
        Assert.Equal(new float[] { 1, 0, 0 }, Occupancy(room, 3.1, 1.1, 1.9, 3.1, 1.1, 2.1, 3.2, 1.2, 1.0)); // cap at z=2, radius 0.2
        Assert.Equal(new float[] { 0, 1, 1, 1 }, Occupancy(room, 0.5, 3.5, 2.5, -0.01, 2, 1, 2, 2, 3.05, 2, 4.2, 1)); // free, walls, ceiling
    }

    [Fact]
    public void Surface_samples_lie_on_the_surfaces_in_proportion_to_area()
    {
        using var scope = NewDisposeScope();
        var sphere = RoomSolid.Sphere(2, 2, 1, 0.5);
        var room = new ProceduralRoom(4, 4, 2, [sphere]);
        using var g = new Generator(3);
        var points = room.SampleSurface(20000, g);                                                // [N, 3]
        var toCentre = (points - tensor(new[] { 2.0, 2, 1 }, float64)).norm(1);
        var onSphere = (toCentre - 0.5).abs() < 1e-9;
        double sphereShare = onSphere.to(float64).mean().item<double>();
        double expected = sphere.Area / (sphere.Area + 2 * 16 + 4 * 8);                           // floor+ceiling 16 m² each, walls 8 m² each
        Assert.InRange(sphereShare, expected * 0.9, expected * 1.1);
        // Everything else is on the room shell: one coordinate at a wall.
        var rest = points[~onSphere];
        var onShell = (rest[.., 0].abs() < 1e-9) | ((rest[.., 0] - 4).abs() < 1e-9) | (rest[.., 1].abs() < 1e-9)
            | ((rest[.., 1] - 4).abs() < 1e-9) | (rest[.., 2].abs() < 1e-9) | ((rest[.., 2] - 2).abs() < 1e-9);
        Assert.True(onShell.all().item<bool>());
    }

    [Fact]
    public void Box_and_cylinder_surface_samples_are_on_their_boundaries()
    {
        using var scope = NewDisposeScope();
        // Far from the room shell, so samples near the solid are the solid's own.
        var box = RoomSolid.Box(20, 20, 20, 0.6, 0.2, 0.5, 0.7);
        var cylinder = RoomSolid.Cylinder(20, 21, 20, 0.25, 0.8);
        foreach (var solid in new[] { box, cylinder })
        {
            var room = new ProceduralRoom(40, 40, 40, [solid]);  // the shell is far: most samples land there
            using var g = new Generator(5);
            var points = room.SampleSurface(200000, g);
            var mine = points[(points - tensor(new[] { solid.X, solid.Y, solid.Z }, float64)).norm(1) < 1.5];
            Assert.True(mine.shape[0] > 10);
            // On the boundary: inside when pushed 1 mm in one direction, or outside in the other, never deep inside.
            var shrunk = new ProceduralRoom(40, 40, 40, [solid with { HalfX = solid.HalfX - 1e-3, HalfY = solid.HalfY - 1e-3, HalfZ = solid.HalfZ - 1e-3 }]);
            var grown = new ProceduralRoom(40, 40, 40, [solid with { HalfX = solid.HalfX + 1e-3, HalfY = solid.HalfY + 1e-3, HalfZ = solid.HalfZ + 1e-3 }]);
            Assert.Equal(0f, shrunk.Occupancy(mine).max().item<float>());
            Assert.Equal(1f, grown.Occupancy(mine).min().item<float>());
        }
    }

    [Fact]
    public void Generated_rooms_are_deterministic_furnished_and_at_indoor_scales()
    {
        var a = RoomGenerator.Generate(42);
        var b = RoomGenerator.Generate(42);
        var c = RoomGenerator.Generate(43);
        Assert.Equal(a.Solids, b.Solids);
        Assert.NotEqual(a.Solids, c.Solids);
        for (int seed = 0; seed < 20; seed++)
        {
            var room = RoomGenerator.Generate(seed);
            Assert.InRange(room.Width, 3, 8);
            Assert.InRange(room.Depth, 3, 7);
            Assert.InRange(room.Height, 2.4, 3.2);
            Assert.True(room.Solids.Count >= 8, $"seed {seed}: {room.Solids.Count} solids");
            Assert.All(room.Solids, s => Assert.True(s.Top <= room.Height + 0.25 && s.Z - s.HalfZ >= -1e-9, $"seed {seed}: {s}"));
        }
    }

    [Fact]
    public void Samples_mix_free_and_occupied_space_and_near_surface_points_are_balanced()
    {
        using var scope = NewDisposeScope();
        var room = RoomGenerator.Generate(7);
        using var g = new Generator(11);
        var (uniform, uniformLabels) = room.Sample(20000, 0, g);
        var (near, nearLabels) = room.Sample(0, 20000, g);
        Assert.Equal(new long[] { 20000, 3 }, uniform.shape);
        Assert.Equal(ScalarType.Float32, uniform.dtype);
        double uniformOccupied = uniformLabels.mean().item<float>(), nearOccupied = nearLabels.mean().item<float>();
        Assert.InRange(uniformOccupied, 0.05, 0.6);
        Assert.InRange(nearOccupied, 0.25, 0.75);
    }
}
