using NiceSlam.Pretraining.Scenes;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Tests.Scenes;

public class TrainingSceneGeneratorTests
{
    private static readonly TrainingScene[] Scenes = Enumerable.Range(0, 24).Select(seed => TrainingSceneGenerator.Generate(seed)).ToArray();

    private static string Describe(TrainingScene s) =>
        $"{s.Width:F4}x{s.Depth:F4}x{s.Height:F4} t{s.WallThickness:F4}: " + string.Join("; ", s.Objects.Select(o => $"{o.Kind} {string.Join(",", o.Solids)}"));

    [Fact]
    public void Same_seed_gives_the_same_scene_and_different_seeds_differ()
    {
        Assert.Equal(Describe(Scenes[3]), Describe(TrainingSceneGenerator.Generate(3)));
        Assert.Equal(Scenes.Length, Scenes.Select(Describe).Distinct().Count());
    }

    [Fact]
    public void Room_sizes_and_object_counts_are_in_range()
    {
        foreach (var s in Scenes)
        {
            Assert.InRange(s.Width, 3, 8);
            Assert.InRange(s.Depth, 3, 7);
            Assert.InRange(s.Height, 2.4, 3.2);
            Assert.InRange(s.WallThickness, 0.1, 0.25);
            Assert.InRange(s.Objects.Count, 8, 25);
        }
        var kinds = Scenes.SelectMany(s => s.Objects.Select(o => o.Kind)).Distinct().Count();
        Assert.True(kinds >= 14, $"only {kinds} kinds over {Scenes.Length} scenes");
    }

    [Fact]
    public void Objects_stay_inside_the_room_below_the_ceiling_at_indoor_scales()
    {
        foreach (var s in Scenes)
        foreach (var o in s.Objects)
        {
            var b = o.Bounds;
            Assert.True(b.MinX >= -1e-9 && b.MinY >= -1e-9 && b.MinZ >= -1e-9 && b.MaxX <= s.Width + 1e-9 && b.MaxY <= s.Depth + 1e-9 && b.MaxZ <= s.Height + 1e-9,
                $"{o} out of the {s.Width:F2} x {s.Depth:F2} x {s.Height:F2} room: {b}");
            if (o.Kind != SceneObjectKind.Pillar) Assert.True(b.MaxZ < s.Height - 0.05, $"{o} reaches the ceiling");
            if (o.Kind is SceneObjectKind.Table or SceneObjectKind.Desk) Assert.InRange(b.MaxZ, 0.6, 0.9);
            if (o.Kind is SceneObjectKind.Bed or SceneObjectKind.Sofa or SceneObjectKind.Chair) Assert.InRange(b.MaxZ, 0.4, 1.2);
            if (o.Kind == SceneObjectKind.Clutter)
            {
                Assert.InRange(b.MaxZ - b.MinZ, 0.05, 0.3);
                Assert.InRange(b.MinZ, 0.4, 1.2);   // on a table, desk or cabinet
            }
        }
    }

    [Fact]
    public void Object_interiors_do_not_enter_the_shell()
    {
        // Points slightly inside each object's solids (surface samples pulled 1 mm towards the bounds' centre) are
        // in the free interior of the room, so they never lie inside a wall, the floor or the ceiling.
        var g = new Generator(21);
        foreach (var s in Scenes.Take(8))
        foreach (var solid in s.Objects.SelectMany(o => o.Solids))
        {
            var p = solid.SampleSurface(64, g);
            var b = solid.Bounds;
            var centre = tensor(new[] { (b.MinX + b.MaxX) / 2, (b.MinY + b.MaxY) / 2, (b.MinZ + b.MaxZ) / 2 }, ScalarType.Float64);
            var inward = p + nn.functional.normalize(centre - p, dim: 1) * 1e-3;
            foreach (var wall in s.Shell)
                Assert.False(wall.Contains(inward).any().item<bool>(), $"{solid} enters the shell {wall}");
        }
    }

    [Fact]
    public void Tables_have_a_top_and_four_legs_and_things_stand_on_something()
    {
        var tables = Scenes.SelectMany(s => s.Objects).Where(o => o.Kind == SceneObjectKind.Table).ToList();
        Assert.NotEmpty(tables);
        Assert.All(tables, t => Assert.Equal(5, t.Solids.Count));
        foreach (var s in Scenes)
        {
            // The point just below the middle of each object's lowest solid is occupied (floor or supporting
            // furniture), except for wall-mounted things.
            var standing = s.Objects.Where(o => o.Kind is not SceneObjectKind.WallShelf and not SceneObjectKind.DoorFrame).ToList();
            var below = new List<double>();
            foreach (var o in standing)
            {
                var lb = o.Solids.OrderBy(x => x.Bounds.MinZ).First().Bounds;
                below.AddRange([(lb.MinX + lb.MaxX) / 2, (lb.MinY + lb.MaxY) / 2, o.Bounds.MinZ - 1e-4]);
            }
            var occupied = s.OccupiedMask(tensor(below.ToArray(), ScalarType.Float64).reshape(-1, 3)).data<bool>().ToArray();
            for (int i = 0; i < standing.Count; i++) Assert.True(occupied[i], $"{standing[i]} floats");
        }
    }

    [Fact]
    public void Options_ranges_are_respected_and_validated()
    {
        var options = new TrainingSceneOptions { MinWidth = 5, MaxWidth = 5, MinDepth = 4, MaxDepth = 4, MinObjects = 3, MaxObjects = 5 };
        var s = TrainingSceneGenerator.Generate(1, options);
        Assert.Equal((5.0, 4.0), (s.Width, s.Depth));
        Assert.InRange(s.Objects.Count, 3, 5);
        Assert.Throws<ArgumentException>(() => TrainingSceneGenerator.Generate(1, options with { MaxWallThickness = 0.3 }));
        Assert.Throws<ArgumentException>(() => TrainingSceneGenerator.Generate(1, options with { MinObjects = 6 }));
    }
}
