using NiceSlam.Core.Geometry;
using NiceSlam.Data.Synthetic;
using TorchSharp;

namespace NiceSlam.Data.Tests.Synthetic;

public class SyntheticSceneTests
{
    // 81 x 61 pixels with the principal point on a pixel centre, horizontal FOV 2 atan(40/60) = 67 degrees.
    private static readonly CameraIntrinsics K = new(81, 61, 60, 60, 40, 30);

    /// <summary>Camera-to-world of a camera looking along world +x with z up: optical x = world -y (right),
    /// optical y = world -z (down), optical z = world +x (forward).</summary>
    private static RigidTransform FacingPlusX(double x, double y, double z) => new([0, 0, 1, -1, 0, 0, 0, -1, 0], x, y, z);

    private static int Pixel(int u, int v) => v * K.Width + u;

    [Fact]
    public void Synthetic_fronto_parallel_wall_has_constant_depth_equal_to_distance_not_ray_length()
    {
        var scene = SyntheticScene.CreateDefault();
        const double distance = 1.5;
        var view = scene.Render(K, FacingPlusX(3 - distance, 0, 1.5));

        int wall = scene.Primitives.ToList().FindIndex(p => p.Name == "wall x+");
        Assert.All(view.PrimitiveIds, id => Assert.Equal(wall, id));
        Assert.Equal(distance, view.Depth[Pixel(40, 30)], 5);
        // Corner pixel: the ray is 1.27 times longer than the optical z; depth must still be the distance.
        Assert.Equal(distance, view.Depth[Pixel(0, 0)], 5);
        Assert.Equal(distance, view.Depth[Pixel(80, 60)], 5);
        Assert.All(view.Depth, d => Assert.Equal(distance, d, 5));
    }

    [Fact]
    public void Synthetic_look_at_builds_the_optical_frame_from_forward_right_down()
    {
        var pose = SyntheticTrajectory.LookAt(new Vec3(1.5, 0, 1.5), new Vec3(3, 0, 1.5));
        var expected = FacingPlusX(1.5, 0, 1.5).ToMatrix();
        var actual = pose.ToMatrix();
        for (int i = 0; i < 16; i++) Assert.Equal(expected[i], actual[i], 12);
    }

    [Fact]
    public void Synthetic_floor_is_at_the_bottom_of_the_image_and_ceiling_at_the_top()
    {
        // Horizontal camera 1.35 m high: the bottom row (slope 0.5) meets the floor and the top row the ceiling,
        // both 2.7 m ahead.
        var scene = SyntheticScene.CreateDefault();
        var view = scene.Render(K, FacingPlusX(-1.5, 0.9, 1.35));
        Assert.Equal("floor", scene.Primitives[view.PrimitiveIds[Pixel(40, 60)]].Name);
        Assert.Equal("ceiling", scene.Primitives[view.PrimitiveIds[Pixel(40, 0)]].Name);
        Assert.Equal(2.7, view.Depth[Pixel(40, 60)], 5);
        Assert.Equal(2.7, view.Depth[Pixel(40, 0)], 5);
    }

    [Fact]
    public void Synthetic_sphere_depth_is_distance_minus_radius_and_left_is_left()
    {
        // In front: centre 2 m ahead, radius 0.3. On the left (world +y when looking along +x), and above-right.
        var ahead = new SpherePrimitive("ahead", new Vec3(0, 0, 1.5), 0.3, ProceduralTexture.Solid(new(1, 0, 0)));
        var left = new SpherePrimitive("left", new Vec3(0, 0.8, 1.5), 0.2, ProceduralTexture.Solid(new(0, 1, 0)));
        var upRight = new SpherePrimitive("up right", new Vec3(0, -0.8, 2.1), 0.2, ProceduralTexture.Solid(new(0, 0, 1)));
        var scene = new SyntheticScene(SyntheticScene.DefaultRoom, [.. SyntheticScene.RoomPlanes(SyntheticScene.DefaultRoom), ahead, left, upRight]);
        var view = scene.Render(K, FacingPlusX(-2, 0, 1.5));

        Assert.Equal(6, view.PrimitiveIds[Pixel(40, 30)]);
        Assert.Equal(2 - 0.3, view.Depth[Pixel(40, 30)], 5);
        // The left sphere's centre projects to u = 40 - 60 * 0.8 / 2 = 16; the ray through it is the one through
        // the centre, so z = (|c - o| - r) * cos(angle).
        Assert.Equal(7, view.PrimitiveIds[Pixel(16, 30)]);
        double length = Math.Sqrt(4 + 0.64);
        Assert.Equal((length - 0.2) * 2 / length, view.Depth[Pixel(16, 30)], 5);
        Assert.Equal(8, view.PrimitiveIds[Pixel(64, 12)]);
        Assert.NotEqual(7, view.PrimitiveIds[Pixel(64, 30)]);
        // Off-centre pixel on the front sphere: closed-form ray-sphere intersection.
        double x = (46 - 40) / 60.0, y = (33 - 30) / 60.0, n = Math.Sqrt(x * x + y * y + 1);
        // Camera frame: the sphere centre is at (0, 0, 2).
        double b = 2 / n, disc = b * b - (4 - 0.09);
        Assert.Equal((b - Math.Sqrt(disc)) / n, view.Depth[Pixel(46, 33)], 5);
        // Colours: the solid red sphere, lit, has no green or blue.
        int p = Pixel(40, 30) * 3;
        Assert.True(view.Rgb[p] > 100 && view.Rgb[p + 1] == 0 && view.Rgb[p + 2] == 0);
    }

    [Fact]
    public void Synthetic_box_and_cylinder_depths_match_their_geometry()
    {
        var box = new BoxPrimitive("diamond", new Vec3(1, 0, 1.5), new Vec3(0.5, 0.5, 0.5), Math.PI / 4, ProceduralTexture.Solid(new(1, 1, 1)));
        var cylinder = new CylinderPrimitive("pole", 1, 1.2, 0.25, 0, 1.0, ProceduralTexture.Solid(new(1, 1, 1)));
        var scene = new SyntheticScene(SyntheticScene.DefaultRoom, [.. SyntheticScene.RoomPlanes(SyntheticScene.DefaultRoom), box, cylinder]);

        // Box rotated 45 degrees: its vertical edge is 0.5 √2 in front of its centre.
        var view = scene.Render(K, FacingPlusX(-1, 0, 1.5));
        Assert.Equal(6, view.PrimitiveIds[Pixel(40, 30)]);
        Assert.Equal(2 - 0.5 * Math.Sqrt(2), view.Depth[Pixel(40, 30)], 5);
        // Pixel 6 right of centre: the ray meets the face x + y = const of the rotated box (through the edge point).
        double slope = 6 / 60.0; // world y = -slope * depth
        double edge = 1 - 0.5 * Math.Sqrt(2);
        Assert.Equal((edge + 1) / (1 - slope), view.Depth[Pixel(46, 30)], 5);

        // Cylinder side: centre 2 m ahead at camera height 0.5, radius 0.25.
        view = scene.Render(K, FacingPlusX(-1, 1.2, 0.5));
        Assert.Equal(7, view.PrimitiveIds[Pixel(40, 30)]);
        Assert.Equal(2 - 0.25, view.Depth[Pixel(40, 30)], 5);
        // Top cap seen from above at 1.5 m: the ray hits z = 1 at depth 1 / slope.
        view = scene.Render(K, FacingPlusX(-1, 1.2, 1.5));
        int v = 30 + 16; // slope 16/60: hits z = 1 at 1.875 m, inside the cap (1.75 .. 2.25 m)
        Assert.Equal(7, view.PrimitiveIds[Pixel(40, v)]);
        Assert.Equal(0.5 / (16 / 60.0), view.Depth[Pixel(40, v)], 5);
    }

    [Fact]
    public void Synthetic_ray_cast_returns_distance_id_and_hit_point_and_misses_are_marked()
    {
        var sphere = new SpherePrimitive("s", new Vec3(0, 0, 0), 1, ProceduralTexture.Solid(new(1, 1, 1)));
        var scene = new SyntheticScene(SyntheticScene.DefaultRoom, [sphere]);
        using var scope = torch.NewDisposeScope();
        var origins = torch.tensor(new double[] { -3, 0, 0, -3, 2, 0 }).reshape(2, 3);
        var directions = torch.tensor(new double[] { 1, 0, 0, 1, 0, 0 }).reshape(2, 3);
        var hits = scene.RayCast(origins, directions);
        Assert.Equal(2.0, hits.Distance[0].item<double>(), 12);
        Assert.Equal(0L, hits.PrimitiveId[0].item<long>());
        Assert.Equal(-1.0, hits.Points[0, 0].item<double>(), 12);
        Assert.True(double.IsPositiveInfinity(hits.Distance[1].item<double>()));
        Assert.Equal(-1L, hits.PrimitiveId[1].item<long>());
    }

    [Fact]
    public void Synthetic_moving_object_changes_only_its_own_pixels()
    {
        var scene = SyntheticScene.CreateDefault(movingObject: true);
        int moving = Assert.IsType<int>(scene.MovingObjectId);
        var pose = SyntheticTrajectory.LookAt(new Vec3(0, -1.4, 1.4), new Vec3(-0.3, 0.3, 1.1));
        var a = scene.Render(K, pose, 0);
        var b = scene.Render(K, pose, 0.5);
        int changed = 0;
        for (int i = 0; i < a.Depth.Length; i++)
        {
            bool differs = a.Depth[i] != b.Depth[i] || a.Rgb[3 * i] != b.Rgb[3 * i] || a.Rgb[3 * i + 1] != b.Rgb[3 * i + 1] || a.Rgb[3 * i + 2] != b.Rgb[3 * i + 2];
            if (!differs) continue;
            changed++;
            Assert.True(a.PrimitiveIds[i] == moving || b.PrimitiveIds[i] == moving, $"pixel {i} changed away from the moving object");
        }
        Assert.True(changed > 50, $"only {changed} pixels changed");
        Assert.True(a.PrimitiveIds.Count(id => id == moving) > 50);
    }
}
